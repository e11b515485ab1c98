/*
 * Keeps a draft on the server while someone writes, so nothing typed is lost when a tab closes
 * or a session ends. Forms opt in with data-autosave-url, the API's draft address for the form
 * (/api/v1/forums/drafts/new-topic/ or /api/v1/forums/topics/<id>/draft/): each save PUTs the
 * form's fields there as JSON, signed in by the session, with the form's own CSRF token. A save
 * goes a few seconds after typing stops, and when the page is hidden or left. The API answers
 * the draft (200), or 204 when there was nothing to keep, or an error {"code", "detail"}.
 * Without JavaScript nothing changes: "Save draft", and a post that fails, keep the text too.
 * Loaded with `defer`, so the forms exist by the time this runs.
 */
(function () {
  "use strict";

  if (!window.fetch || !window.FormData) {
    return;
  }

  var WAIT = 3000; // after the last key press
  var COULD_NOT_SAVE =
    "Your draft could not be saved just now. We will try again as you type; " +
    "you can also press \u201cSave draft\u201d.";
  var LOGGED_OUT =
    "You are logged out, so your draft could not be saved. Your text is still here: " +
    "post it and we will keep it while you log in again.";

  function timeOf(iso) {
    var when = iso ? new Date(iso) : new Date();
    return when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  // The fields the API keeps, from whichever of them this form has.
  function draftOf(form) {
    var data = new FormData(form);
    var draft = {};
    ["title", "category", "body"].forEach(function (name) {
      if (form.elements[name]) {
        draft[name] = data.get(name) || "";
      }
    });
    if (form.elements.kind) {
      draft.options = {
        kind: data.get("kind") || "question",
        wants_advisor: data.has("wants_advisor"),
        anonymous: data.has("anonymous"),
      };
    }
    return draft;
  }

  function keepDrafts(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var changed = false; // typed since the last save
    var sending = false;
    var saveAgain = false;
    var stopped = false; // the page is being left by posting, saving or deleting the draft

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function answered(response) {
      if (response.status === 204) {
        say("Draft saved at " + timeOf(null)); // nothing typed, so nothing kept
        return null;
      }
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (response.ok && answer.updated) {
            say("Draft saved at " + timeOf(answer.updated));
            return;
          }
          changed = true;
          if (response.status === 401) {
            say(LOGGED_OUT);
          } else if (response.status === 403) {
            say(COULD_NOT_SAVE); // e.g. the CSRF token changed when they logged in elsewhere
          } else {
            say(answer.detail || COULD_NOT_SAVE);
          }
        });
    }

    function save(leaving) {
      clearTimeout(timer);
      timer = null;
      if (!changed || stopped) {
        return;
      }
      if (sending && !leaving) {
        saveAgain = true;
        return;
      }
      changed = false;
      sending = true;
      fetch(url, {
        method: "PUT",
        body: JSON.stringify(draftOf(form)),
        credentials: "same-origin",
        // A save started as the page goes away still reaches the server.
        keepalive: Boolean(leaving),
        headers: {
          Accept: "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": token ? token.value : "",
        },
      })
        .then(answered)
        .catch(function () {
          changed = true;
          say(COULD_NOT_SAVE);
        })
        .then(function () {
          sending = false;
          if (saveAgain) {
            saveAgain = false;
            save(false);
          }
        });
    }

    form.addEventListener("input", function () {
      changed = true;
      clearTimeout(timer);
      timer = setTimeout(save, WAIT);
    });
    // Posting (or "Save draft") keeps or clears the draft on the server itself; a late autosave
    // must not bring back a draft the post has just cleared.
    form.addEventListener("submit", function () {
      stopped = true;
      clearTimeout(timer);
    });
    document.addEventListener("submit", function (event) {
      if (event.target.hasAttribute("data-autosave-stop")) {
        stopped = true;
        clearTimeout(timer);
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        save(true);
      }
    });
    window.addEventListener("pagehide", function () {
      save(true);
    });
    // Coming back with the browser's back button: the page may be shown again as it was.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        stopped = false;
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave-url]"), keepDrafts);
})();
