/*
 * The live chat room, on top of the server-rendered page (which works without it: a plain form
 * posts each message, "Show older messages" is a link). Loaded only on the newest page of a room,
 * with `defer`; everything it needs is in data- attributes on #chat (the CSP allows no inline
 * script).
 *
 * - One WebSocket, /ws/rooms/<id>/?since=<last id shown>: the server replays what was missed and
 *   then sends live frames. It reconnects with doubling waits (with jitter, like live.js) and
 *   resumes from the last id it has, so nothing is missed and nothing is shown twice (messages
 *   are kept by id; a frame for an id already shown replaces it: edited or removed).
 * - Sending: each message gets a client_id and waits in localStorage (per room) until the server
 *   acknowledges it, so a message typed while offline, or before a reload, is sent when the
 *   connection is back, with the same client_id (the server stores it once). A refusal marks it
 *   "Not sent" with Retry: nothing is dropped silently.
 * - Typing, who is here, read markers, and the private-talk queue (helpers get queue frames in
 *   the room; a member's own place comes from /ws/me/ through live.js as DOM events).
 */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root || !("WebSocket" in window) || !window.JSON || !document.querySelector) {
    return;
  }

  var FIRST_DELAY = 1000;
  var LONGEST_DELAY = 60000;
  var TYPING_EVERY = 3000;
  // How long a stored message waits for its own frame before screen readers are shown it.
  var ACK_GRACE = 5000;
  var TYPING_SHOWN_FOR = 5000;
  var EDIT_WINDOW = 10 * 60 * 1000;
  var HISTORY_PAGES_PER_CLICK = 10;

  var roomId = parseInt(root.getAttribute("data-room"), 10);
  var me = parseInt(root.getAttribute("data-me"), 10);
  var lastId = parseInt(root.getAttribute("data-last-id"), 10) || 0;
  var canModerate = root.getAttribute("data-can-moderate") === "true";
  var shared = root.getAttribute("data-shared") === "true";
  var socketPath = root.getAttribute("data-socket-url");
  var historyUrl = root.getAttribute("data-history-url");
  var roomUrl = root.getAttribute("data-room-url");
  var takeUrl = root.getAttribute("data-take-url");

  var list = document.getElementById("chat-messages");
  var statusLine = document.getElementById("chat-status");
  var form = document.getElementById("chat-form");
  var box = document.getElementById("chat-body");
  var typingLine = document.getElementById("chat-typing");
  var empty = document.getElementById("chat-empty");
  var gapControl = document.getElementById("chat-gap");
  var gapButton = document.getElementById("chat-load-older");
  var keysHint = document.getElementById("chat-keys");
  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var csrf = csrfInput ? csrfInput.value : "";
  var storeKey = "alongside:chat:unsent:" + roomId;

  var socket = null;
  var timer = null;
  var delay = FIRST_DELAY;
  var stopped = false; // the server said we may not be here: do not come back
  var everConnected = false;
  var ready = false; // history replayed, live from here
  var lastTypingSent = 0;
  var lastReadSent = 0;
  var typists = {}; // name -> timer
  var olderUrl = null; // the next page of history to fetch after a gap
  var gapFloor = 0; // the last id we had before the gap: history below it is already shown

  // ---- small helpers ----------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function describeBy(node, id) {
    var ids = (node.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      node.setAttribute("aria-describedby", ids.join(" "));
    }
  }

  function say(text) {
    if (!statusLine) {
      return;
    }
    statusLine.hidden = false;
    if (statusLine.textContent !== text) {
      statusLine.textContent = text;
    }
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // RFC 4122 version 4 from getRandomValues, or Math.random on very old browsers.
    var bytes = new Array(16);
    var i;
    if (window.crypto && window.crypto.getRandomValues) {
      var random = new Uint8Array(16);
      window.crypto.getRandomValues(random);
      for (i = 0; i < 16; i += 1) {
        bytes[i] = random[i];
      }
    } else {
      for (i = 0; i < 16; i += 1) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = bytes.map(function (b) {
      return (b + 0x100).toString(16).slice(1);
    });
    return (
      hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" +
      hex.slice(6, 8).join("") + "-" + hex.slice(8, 10).join("") + "-" +
      hex.slice(10, 16).join("")
    );
  }

  function timeText(iso) {
    var when = new Date(iso);
    if (isNaN(when.getTime())) {
      return "";
    }
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/London",
        day: "numeric",
        month: "short",
        hour: "numeric",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(when)
        .forEach(function (part) {
          parts[part.type] = part.value;
        });
      return parts.day + " " + parts.month + ", " + Number(parts.hour) + ":" + parts.minute;
    } catch (error) {
      return when.toLocaleString();
    }
  }

  function urlFor(template, id) {
    return template.replace("/0/", "/" + id + "/");
  }

  // A plain form that works like the server-rendered ones (the CSRF token is the page's own).
  function postForm(action, fields, label, hiddenLabel) {
    var formNode = el("form");
    formNode.method = "post";
    formNode.action = action;
    var token = el("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrf;
    formNode.appendChild(token);
    Object.keys(fields).forEach(function (name) {
      var input = el("input");
      input.type = "hidden";
      input.name = name;
      input.value = fields[name];
      formNode.appendChild(input);
    });
    var button = el("button", "button button--secondary button--small", label);
    button.type = "submit";
    if (hiddenLabel) {
      button.appendChild(el("span", "visually-hidden", hiddenLabel));
    }
    formNode.appendChild(button);
    return formNode;
  }

  // ---- showing messages -------------------------------------------------------------------

  function render(frame) {
    var author = frame.author || { id: null, display_name: "A former member", badges: [] };
    var mine = author.id === me;
    var article = el("article", "chat-message");
    if (mine) {
      article.className += " chat-message--mine";
    }
    if (frame.removed) {
      article.className += " chat-message--removed";
    }
    article.id = "message-" + frame.id;
    article.setAttribute("data-id", String(frame.id));
    if (frame.client_id) {
      article.setAttribute("data-client-id", frame.client_id);
    }

    var header = el("p", "chat-message-header");
    header.appendChild(el("span", "chat-author", author.display_name));
    if (mine) {
      header.appendChild(document.createTextNode(" "));
      header.appendChild(el("span", "tag", "You"));
    }
    header.appendChild(document.createTextNode(" "));
    var time = el("time", "chat-time", timeText(frame.created));
    time.setAttribute("datetime", frame.created);
    header.appendChild(time);
    if (frame.edited && !frame.removed) {
      header.appendChild(document.createTextNode(" "));
      header.appendChild(el("span", "chat-marker", "edited"));
    }
    article.appendChild(header);

    if (author.badges && author.badges.length) {
      var badges = el("ul", "badges");
      author.badges.forEach(function (badge) {
        badges.appendChild(el("li", "badge", badge));
      });
      article.appendChild(badges);
    }

    if (frame.removed) {
      article.appendChild(el("p", "chat-marker chat-removed", "This message was removed."));
    } else {
      var note = visibilityNote(frame.visibility, mine);
      if (note) {
        article.className += " chat-message--not-shown";
        article.appendChild(note);
      }
      var body = el("div", "prose chat-text");
      // Sanitised by the server when the message was written (the same HTML the page shows).
      body.innerHTML = frame.body_html;
      article.appendChild(body);
    }

    var actions = el("ul", "chat-actions");
    var name = author.display_name;
    var removeTemplate = root.getAttribute("data-remove-url");
    if (!frame.removed && mine && Date.now() - new Date(frame.created).getTime() < EDIT_WINDOW) {
      var editItem = el("li");
      var edit = el("a", null, "Edit");
      edit.href = urlFor(root.getAttribute("data-edit-url"), frame.id);
      edit.appendChild(el("span", "visually-hidden", " your message"));
      editItem.appendChild(edit);
      actions.appendChild(editItem);
      var deleteItem = el("li");
      deleteItem.appendChild(
        postForm(urlFor(removeTemplate, frame.id), {}, "Delete", " your message")
      );
      actions.appendChild(deleteItem);
    }
    if (!mine && canModerate && !frame.removed) {
      var removeItem = el("li");
      removeItem.appendChild(
        postForm(urlFor(removeTemplate, frame.id), {}, "Remove", " this message from " + name)
      );
      actions.appendChild(removeItem);
    }
    if (!mine && canModerate && author.id) {
      var muteItem = el("li");
      muteItem.appendChild(
        postForm(
          root.getAttribute("data-mute-url"),
          { person: author.id, next: roomUrl + "#message-" + frame.id },
          "Mute " + name
        )
      );
      actions.appendChild(muteItem);
    }
    if (!mine && shared && author.id) {
      var blockItem = el("li");
      blockItem.appendChild(
        postForm(urlFor(root.getAttribute("data-block-url"), author.id), { next: roomUrl }, "Block " + name)
      );
      actions.appendChild(blockItem);
    }
    var reportTemplate = root.getAttribute("data-report-url");
    if (!mine && !frame.removed && reportTemplate) {
      var reportItem = el("li");
      // A plain link, in the same tab: the report form is a page of its own.
      var report = el("a", "report-link", "Report");
      report.rel = "nofollow";
      report.href = urlFor(reportTemplate, frame.id);
      report.appendChild(el("span", "visually-hidden", " this message from " + name));
      reportItem.appendChild(report);
      actions.appendChild(reportItem);
    }
    var moderateTemplate = root.getAttribute("data-moderate-url");
    if (moderateTemplate) {
      var moderateItem = el("li");
      moderateItem.appendChild(
        postForm(urlFor(moderateTemplate, frame.id), {}, "Moderate", " this message from " + name)
      );
      actions.appendChild(moderateItem);
    }
    if (actions.children.length) {
      article.appendChild(actions);
    }
    return article;
  }

  // The same words as the page (frontend/chat/includes/message.html).
  var NOT_SHOWN = {
    waiting: "Waiting for a moderator.",
    held: "Hidden while a moderator looks at it.",
    hidden: "Hidden by a moderator.",
  };

  function visibilityNote(visibility, mine) {
    if (!visibility || !NOT_SHOWN[visibility]) {
      return null;
    }
    var text = NOT_SHOWN[visibility];
    if (mine) {
      text += visibility === "waiting"
        ? " Only you can see this message until a moderator approves it."
        : " Other people cannot see this message.";
    }
    return el("p", visibility === "waiting" ? "waiting-note" : "waiting-note hidden-note", text);
  }

  // Where to get help now, after writing words that suggest someone may be at risk. A gentle
  // panel in a polite live region: the message was sent all the same.
  function showUrgentHelp(contacts) {
    var region = document.getElementById("chat-urgent-help");
    if (!region || !contacts || !contacts.length) {
      return;
    }
    region.textContent = "";
    var panel = el("section", "help-option help-option--urgent urgent-help");
    panel.setAttribute("aria-labelledby", "chat-urgent-help-title");
    var heading = el("h3", null, "If you need help now");
    heading.id = "chat-urgent-help-title";
    panel.appendChild(heading);
    panel.appendChild(
      el(
        "p",
        null,
        "Your message was sent. Advisors here are volunteers, not an emergency service. " +
          "These people can help straight away."
      )
    );
    var items = el("ul", "list");
    contacts.forEach(function (contact) {
      var item = el("li");
      item.appendChild(el("strong", null, contact.name + ":"));
      item.appendChild(
        document.createTextNode(" " + contact.how + "." + (contact.when ? " " + contact.when : ""))
      );
      items.appendChild(item);
    });
    panel.appendChild(items);
    var moreUrl = root.getAttribute("data-get-help-url");
    if (moreUrl) {
      var more = el("p");
      var link = el("a", null, "More ways to get help now");
      link.href = moreUrl;
      more.appendChild(link);
      panel.appendChild(more);
    }
    region.appendChild(panel);
  }


  // Keep the messages in id order: live ones go at the end, pages of history slot in.
  function place(node, id) {
    var after = null;
    var shown = list.querySelectorAll(".chat-message[data-id]");
    for (var i = 0; i < shown.length; i += 1) {
      if (parseInt(shown[i].getAttribute("data-id"), 10) > id) {
        after = shown[i];
        break;
      }
    }
    if (after) {
      list.insertBefore(node, after);
    } else {
      // Before anything still being sent, which is newer than everything stored.
      var firstPending = list.querySelector(".chat-message--pending");
      list.insertBefore(node, firstPending);
    }
    if (empty) {
      empty.hidden = true;
    }
  }

  function nearBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function showMessage(frame) {
    var stick = nearBottom();
    var node = render(frame);
    var existing = document.getElementById("message-" + frame.id);
    var isNew = false;
    if (existing) {
      existing.parentNode.replaceChild(node, existing);
    } else {
      var pending = frame.client_id && pendingNode(frame.client_id);
      if (pending) {
        pending.parentNode.replaceChild(node, pending);
        forget(frame.client_id);
      } else {
        place(node, frame.id);
        isNew = true;
      }
    }
    if (frame.id > lastId) {
      lastId = frame.id;
    }
    if (stick) {
      list.scrollTop = list.scrollHeight;
    }
    return isNew;
  }

  // ---- unsent messages --------------------------------------------------------------------

  function loadUnsent() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || "[]") || [];
    } catch (error) {
      return [];
    }
  }

  function saveUnsent(items) {
    try {
      if (items.length) {
        window.localStorage.setItem(storeKey, JSON.stringify(items));
      } else {
        window.localStorage.removeItem(storeKey);
      }
    } catch (error) {
      // Private browsing or a full store: the message still shows, and is sent while we are here.
    }
  }

  function remember(item) {
    var items = loadUnsent().filter(function (kept) {
      return kept.client_id !== item.client_id;
    });
    items.push(item);
    saveUnsent(items);
  }

  function forget(clientId) {
    saveUnsent(
      loadUnsent().filter(function (kept) {
        return kept.client_id !== clientId;
      })
    );
  }

  function pendingNode(clientId) {
    var nodes = list.querySelectorAll(".chat-message--pending");
    for (var i = 0; i < nodes.length; i += 1) {
      if (nodes[i].getAttribute("data-client-id") === clientId) {
        return nodes[i];
      }
    }
    return null;
  }

  // A message on its way is kept from screen readers ("Sending…", "Sent" would each be read out
  // in the log): the stored message that replaces it is announced once. One that failed is
  // shown to them as a new node, so the log says it was not sent, with its buttons.
  function showPending(item) {
    var node = pendingNode(item.client_id);
    var replaced = null;
    if (node && item.failed && node.getAttribute("aria-hidden") === "true") {
      replaced = node;
      node = null;
    }
    var fresh = !node;
    if (fresh) {
      node = el("article", "chat-message chat-message--mine chat-message--pending");
      node.setAttribute("data-client-id", item.client_id);
    }
    if (item.failed) {
      node.removeAttribute("aria-hidden");
    } else {
      node.setAttribute("aria-hidden", "true");
    }
    node.textContent = "";
    var header = el("p", "chat-message-header");
    header.appendChild(el("span", "chat-author", "You"));
    node.appendChild(header);
    node.appendChild(el("p", "chat-text chat-pending-text", item.body));
    if (item.failed) {
      node.className = "chat-message chat-message--mine chat-message--pending chat-message--failed";
      node.appendChild(el("p", "chat-send-state chat-send-state--failed", "Not sent: " + item.detail));
      var actions = el("p", "chat-actions");
      var retry = el("button", "button button--small", "Retry");
      retry.type = "button";
      retry.appendChild(el("span", "visually-hidden", " sending this message"));
      retry.addEventListener("click", function () {
        item.failed = false;
        item.detail = "";
        remember(item);
        showPending(item);
        sendItem(item);
        if (box) {
          box.focus(); // the button itself is gone, hidden from screen readers while it sends
        }
      });
      var back = el("button", "button button--secondary button--small", "Change it");
      back.type = "button";
      back.addEventListener("click", function () {
        forget(item.client_id);
        node.parentNode.removeChild(node);
        if (box) {
          box.value = item.body;
          box.focus();
        }
      });
      actions.appendChild(retry);
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(back);
      node.appendChild(actions);
    } else {
      node.className = "chat-message chat-message--mine chat-message--pending";
      node.appendChild(
        el("p", "chat-send-state", ready ? "Sending\u2026" : "Waiting to send\u2026")
      );
    }
    if (replaced) {
      replaced.parentNode.replaceChild(node, replaced);
    } else if (fresh) {
      list.appendChild(node);
      list.scrollTop = list.scrollHeight;
      if (empty) {
        empty.hidden = true;
      }
    }
    return node;
  }

  function sendItem(item) {
    if (socket && ready && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "message", body: item.body, client_id: item.client_id }));
    }
  }

  function sendUnsent() {
    loadUnsent().forEach(function (item) {
      if (!item.failed) {
        showPending(item);
        sendItem(item);
      }
    });
  }

  function failed(clientId, detail) {
    var item = null;
    loadUnsent().forEach(function (kept) {
      if (kept.client_id === clientId) {
        item = kept;
      }
    });
    if (!item) {
      var node = pendingNode(clientId);
      if (!node) {
        say("Not sent: " + detail);
        return;
      }
      var text = node.querySelector(".chat-pending-text");
      item = { client_id: clientId, body: text ? text.textContent : "" };
    }
    item.failed = true;
    item.detail = detail;
    remember(item);
    showPending(item);
  }

  // ---- the connection ---------------------------------------------------------------------

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
    }
  }

  function markRead() {
    if (ready && document.visibilityState === "visible" && lastId > lastReadSent) {
      lastReadSent = lastId;
      send({ type: "read", up_to: lastId });
    }
  }

  function connect() {
    if (stopped) {
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    ready = false;
    gapFloor = lastId;
    socket = new WebSocket(scheme + window.location.host + socketPath + "?since=" + lastId);
    socket.onmessage = function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (frame && typeof frame.type === "string" && handlers[frame.type]) {
        handlers[frame.type](frame);
      }
    };
    socket.onclose = function (event) {
      socket = null;
      ready = false;
      if (event.code === 4401) {
        stop("You are logged out. Log in again to keep chatting: your unsent messages are kept.");
      } else if (event.code === 4403) {
        stop("You can no longer take part in this room.");
      } else if (event.code === 4404) {
        stop("This room no longer exists.");
      } else {
        reconnectLater();
      }
    };
  }

  function stop(text) {
    stopped = true;
    say(text);
  }

  function reconnectLater() {
    if (timer !== null || stopped) {
      return;
    }
    if (navigator.onLine === false) {
      say("Offline \u2014 your messages will be sent when you are back");
      return; // the "online" event brings us back
    }
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, LONGEST_DELAY);
    var seconds = Math.max(1, Math.round(wait / 1000));
    say("Reconnecting in " + seconds + " second" + (seconds === 1 ? "" : "s") + "\u2026");
    timer = window.setTimeout(function () {
      timer = null;
      connect();
    }, wait);
  }

  var handlers = {
    message: function (frame) {
      var isNew = showMessage(frame);
      if (isNew && frame.author && frame.author.id !== me) {
        markRead();
      }
    },
    ack: function (frame) {
      forget(frame.client_id);
      var node = pendingNode(frame.client_id);
      if (!node) {
        return;
      }
      if (document.getElementById("message-" + frame.id)) {
        node.parentNode.removeChild(node); // the message itself came first
        return;
      }
      // The message frame follows: let it replace this one by id.
      node.id = "message-" + frame.id;
      node.setAttribute("data-id", String(frame.id));
      var state = node.querySelector(".chat-send-state");
      if (state) {
        state.textContent = "Sent";
      }
      // Still hidden from screen readers: the message frame replaces it and is announced. Should
      // that frame not come, show the stored message to them anyway.
      window.setTimeout(function () {
        if (node.parentNode && node.classList.contains("chat-message--pending")) {
          node.removeAttribute("aria-hidden");
        }
      }, ACK_GRACE);
    },
    error: function (frame) {
      if (frame.client_id) {
        failed(frame.client_id, frame.detail);
      } else {
        say(frame.detail);
      }
    },
    gap: function (frame) {
      olderUrl = historyUrl;
      gapControl.hidden = false;
      gapFloor = Math.min(gapFloor, frame.before);
    },
    ready: function (frame) {
      ready = true;
      everConnected = true;
      delay = FIRST_DELAY;
      say(frame.open ? "Connected" : "Connected. The room is closed, so messages cannot be sent now.");
      sendUnsent();
      markRead();
    },
    presence: function (frame) {
      var count = document.getElementById("chat-present-count");
      var helpers = document.getElementById("chat-present-helpers");
      if (count) {
        count.textContent = frame.count + (frame.count === 1 ? " person" : " people") + " here now.";
      }
      if (helpers) {
        var names = (frame.helpers || []).map(function (helper) {
          return helper.display_name;
        });
        helpers.textContent = names.length ? "Advisors here: " + names.join(", ") + "." : "";
      }
    },
    typing: function (frame) {
      if (!frame.person || frame.person.id === me || !typingLine) {
        return;
      }
      var name = frame.person.display_name;
      if (typists[name]) {
        window.clearTimeout(typists[name]);
      }
      typists[name] = window.setTimeout(function () {
        delete typists[name];
        showTypists();
      }, TYPING_SHOWN_FOR);
      showTypists();
    },
    queue: function (frame) {
      showQueue(frame.waiting || []);
    },
    messages_removed: function (frame) {
      (frame.ids || []).forEach(function (id) {
        var node = document.getElementById("message-" + id);
        if (node) {
          var body = node.querySelector(".chat-text");
          var note = node.querySelector(".waiting-note");
          var actions = node.querySelector(".chat-actions");
          [body, note, actions].forEach(function (part) {
            if (part) {
              part.parentNode.removeChild(part);
            }
          });
          node.className += " chat-message--removed";
          node.appendChild(el("p", "chat-marker chat-removed", "This message was removed."));
        }
      });
    },
    urgent_help: function (frame) {
      showUrgentHelp(frame.contacts);
    },
  };

  function showTypists() {
    var names = Object.keys(typists);
    if (!names.length) {
      typingLine.textContent = "";
    } else if (names.length === 1) {
      typingLine.textContent = names[0] + " is typing\u2026";
    } else {
      typingLine.textContent =
        names.slice(0, -1).join(", ") + " and " + names[names.length - 1] + " are typing\u2026";
    }
  }

  // ---- history after a gap (the API pages newest first) ----------------------------------

  function loadOlder() {
    if (!olderUrl || !window.fetch) {
      return;
    }
    gapButton.disabled = true;
    var pages = 0;
    var added = 0;

    function done(text) {
      gapButton.disabled = false;
      if (!olderUrl) {
        gapControl.hidden = true;
      }
      say(text);
    }

    function next() {
      pages += 1;
      window
        .fetch(olderUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (page) {
          var reachedFloor = false;
          (page.results || []).forEach(function (frame) {
            if (frame.id <= gapFloor) {
              reachedFloor = true;
            } else if (!document.getElementById("message-" + frame.id)) {
              place(render(frame), frame.id);
              added += 1;
            }
          });
          olderUrl = reachedFloor ? null : page.next || null;
          if (olderUrl && added === 0 && pages < HISTORY_PAGES_PER_CLICK) {
            next();
          } else {
            done(added ? "Loaded " + added + " older message" + (added === 1 ? "" : "s") + "." : "No more messages to load.");
          }
        })
        .catch(function () {
          done("Older messages could not be loaded. Try again in a moment.");
        });
    }
    next();
  }

  // ---- the private-talk queue ---------------------------------------------------------------

  function showQueue(waiting) {
    var queueList = document.getElementById("chat-queue-list");
    var count = document.getElementById("chat-queue-count");
    var takeNext = document.getElementById("chat-take-next");
    if (!queueList || !takeUrl) {
      return;
    }
    queueList.textContent = "";
    waiting.forEach(function (entry) {
      var item = el("li");
      item.setAttribute("data-entry", String(entry.id));
      var label = el("span", null, entry.position + ". " + entry.person.display_name + ", waiting since ");
      var time = el("time", null, timeText(entry.joined).split(", ")[1] || "");
      time.setAttribute("datetime", entry.joined);
      label.appendChild(time);
      item.appendChild(label);
      var take = postForm(takeUrl, { entry: entry.id }, "Talk to " + entry.person.display_name);
      take.className = "inline-form";
      item.appendChild(document.createTextNode(" "));
      item.appendChild(take);
      queueList.appendChild(item);
    });
    if (count) {
      count.textContent = waiting.length
        ? waiting.length + (waiting.length === 1 ? " person is" : " people are") +
          " waiting to talk privately."
        : "Nobody is waiting to talk privately.";
    }
    if (takeNext) {
      takeNext.hidden = waiting.length === 0;
    }
  }

  // A member's own place and "an advisor is ready", from /ws/me/ through live.js.
  document.addEventListener("alongside:queue_position", function (event) {
    var frame = event.detail || {};
    if (frame.room !== roomId) {
      return;
    }
    var queue = document.getElementById("chat-queue");
    var placeLine = document.getElementById("chat-queue-place");
    if (!queue) {
      return;
    }
    if (!placeLine) {
      // The page always has it (a status region, so changes are announced); an old page may not.
      placeLine = el("p", "chat-queue-place");
      placeLine.id = "chat-queue-place";
      placeLine.setAttribute("role", "status");
      queue.appendChild(placeLine);
    }
    placeLine.textContent =
      typeof frame.position === "number"
        ? "You are number " + frame.position + " in the queue."
        : "You are not in the queue now.";
  });

  document.addEventListener("alongside:private_talk_ready", function (event) {
    var frame = event.detail || {};
    var readyBox = document.getElementById("chat-queue-ready");
    if (frame.room !== roomId || !readyBox) {
      return;
    }
    readyBox.textContent = "";
    var notice = el("p", "notice");
    notice.appendChild(document.createTextNode(frame.advisor + " is ready to talk with you. "));
    var link = el("a", null, "Go to your private conversation with " + frame.advisor);
    link.id = "chat-private-link";
    link.href = frame.url;
    notice.appendChild(link);
    readyBox.appendChild(notice); // #chat-queue-ready is a status region: this is announced
    var placeLine = document.getElementById("chat-queue-place");
    if (placeLine) {
      placeLine.textContent = "An advisor is ready for you.";
    }
    // Take focus only when it is nowhere in particular: never from someone typing.
    var active = document.activeElement;
    if (!active || active === document.body || active === document.documentElement) {
      link.focus();
    }
  });

  // ---- the form ---------------------------------------------------------------------------

  if (form && box) {
    if (keysHint) {
      // Only now: without this script, Enter makes a new line and does not send.
      keysHint.hidden = false;
      describeBy(box, keysHint.id);
    }
    var formError = null;

    form.addEventListener("submit", function (event) {
      if (!everConnected) {
        return; // never connected (a proxy without WebSocket?): the plain form still works
      }
      event.preventDefault();
      var body = box.value;
      if (!body.trim()) {
        if (!formError) {
          formError = el("p", "error-message");
          formError.id = "chat-body-js-error";
          formError.setAttribute("role", "alert");
          box.parentNode.insertBefore(formError, box);
          describeBy(box, formError.id);
        }
        formError.textContent = "Write a message first.";
        box.focus();
        return;
      }
      if (formError) {
        formError.textContent = "";
      }
      var item = { client_id: newClientId(), body: body };
      remember(item);
      showPending(item);
      sendItem(item);
      box.value = "";
      box.focus();
    });

    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.dispatchEvent(new Event("submit", { cancelable: true }));
        }
      }
    });

    box.addEventListener("input", function () {
      var now = Date.now();
      if (ready && box.value && now - lastTypingSent > TYPING_EVERY) {
        lastTypingSent = now;
        send({ type: "typing" });
      }
    });
  }

  if (gapButton) {
    gapButton.addEventListener("click", loadOlder);
  }

  document.addEventListener("visibilitychange", markRead);

  window.addEventListener("online", function () {
    if (socket === null && !stopped) {
      if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
      delay = FIRST_DELAY;
      say("Connecting\u2026");
      connect();
    } else if (socket && ready) {
      // The socket lived through a short spell offline: say so again.
      say("Connected");
    }
  });

  window.addEventListener("offline", function () {
    say("Offline \u2014 your messages will be sent when you are back");
  });

  // Messages kept from before a reload show at once, waiting for the connection.
  loadUnsent().forEach(showPending);
  list.scrollTop = list.scrollHeight;
  say("Connecting\u2026");
  connect();
})();
