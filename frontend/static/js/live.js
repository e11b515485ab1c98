/*
 * Keeps the header's unread-notification count up to date for signed-in people, over the
 * /ws/me/ WebSocket. The page works without it: the server renders the count on every page.
 * Loaded with `defer`, so the header exists by the time this runs.
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
  var shown = badge ? parseInt(badge.textContent, 10) || 0 : 0;

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
      if (data && data.type === "unread" && typeof data.notifications === "number") {
        show(data.notifications);
      }
    };
    socket.onclose = function () {
      socket = null;
      reconnectLater();
    };
  }

  function reconnectLater() {
    if (timer !== null) {
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
    if (socket === null && timer !== null) {
      window.clearTimeout(timer);
      timer = null;
      delay = FIRST_DELAY;
      connect();
    }
  });

  connect();
})();
