/*
 * Keeps the header's unread counts (notifications and chat) up to date for signed-in people,
 * over the /ws/me/ WebSocket. The page works without it: the server renders the counts on every
 * page. Frames meant for a page (a place in the private-talk queue, an advisor ready to talk)
 * are passed on as DOM events on document, `alongside:<type>` with the frame as `detail`, for
 * chat.js to pick up. Loaded with `defer`, so the header exists by the time this runs.
 */
(function () {
  "use strict";

  var path = document.body && document.body.getAttribute("data-live-url");
  if (!path || !("WebSocket" in window)) {
    return;
  }

  var link = document.getElementById("notifications-link");
  var badge = document.getElementById("unread-count");
  var announcer = document.getElementById("unread-announcement");
  var FIRST_DELAY = 1000;
  var LONGEST_DELAY = 60000;
  var delay = FIRST_DELAY;
  var timer = null;
  var socket = null;
  // Set when the server says not to come back: 4401 (signed out) or 4403 (the account was
  // suspended, banned or deleted), as chat.js does. Trying again would only be refused again;
  // the next page load shows the person what happened.
  var stopped = false;
  var DO_NOT_RECONNECT = [4401, 4403];
  var shown = badge ? parseInt(badge.textContent, 10) || 0 : 0;
  var chatLink = document.getElementById("chat-link");
  var chatBadge = document.getElementById("chat-unread-count");
  // Passed on to the page as DOM events (chat.js listens).
  var PAGE_FRAMES = ["chat_unread", "queue_position", "private_talk_ready"];

  function label(count) {
    return count ? "Notifications, " + count + " unread" : "Notifications, none unread";
  }

  function show(count) {
    if (badge) {
      badge.textContent = String(count);
      badge.hidden = count === 0;
    }
    if (link) {
      link.setAttribute("aria-label", label(count));
    }
    // Only news is spoken: a falling count (read in another tab) is not worth interrupting for.
    if (announcer && count > shown) {
      announcer.textContent =
        "You have " + count + " unread notification" + (count === 1 ? "" : "s") + ".";
    }
    shown = count;
  }

  function showChat(total) {
    if (chatBadge) {
      chatBadge.textContent = String(total);
      chatBadge.hidden = total === 0;
    }
    if (chatLink) {
      if (total) {
        chatLink.setAttribute("aria-label", "Chat, " + total + " unread");
      } else {
        chatLink.removeAttribute("aria-label");
      }
    }
  }

  function passOn(data) {
    var event;
    try {
      event = new CustomEvent("alongside:" + data.type, { detail: data });
    } catch (error) {
      return; // a browser without CustomEvent: the page still works without live updates
    }
    document.dispatchEvent(event);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () {
      delay = FIRST_DELAY;
    };
    socket.onmessage = function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (!data) {
        return;
      }
      if (data.type === "unread" && typeof data.notifications === "number") {
        show(data.notifications);
      }
      if (data.type === "chat_unread" && typeof data.total === "number") {
        showChat(data.total);
      }
      if (PAGE_FRAMES.indexOf(data.type) !== -1) {
        passOn(data);
      }
    };
    socket.onclose = function (event) {
      socket = null;
      if (DO_NOT_RECONNECT.indexOf(event.code) !== -1) {
        stopped = true;
        return;
      }
      reconnectLater();
    };
  }

  function reconnectLater() {
    if (timer !== null || stopped) {
      return;
    }
    // Doubling waits with some randomness, so that after a server restart every open tab does
    // not come back in the same second.
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, LONGEST_DELAY);
    timer = window.setTimeout(function () {
      timer = null;
      connect();
    }, wait);
  }

  // Back online after a dropped connection (a phone leaving a tunnel): try at once.
  window.addEventListener("online", function () {
    if (socket === null && timer !== null && !stopped) {
      window.clearTimeout(timer);
      timer = null;
      delay = FIRST_DELAY;
      connect();
    }
  });

  connect();
})();
