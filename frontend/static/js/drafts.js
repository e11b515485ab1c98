/*
 * Keeps a draft on the server while someone writes, so nothing typed is lost when a tab closes
 * or a session ends. Forms opt in with data-autosave-url; the form's own CSRF token goes with
 * each save. A save goes a few seconds after typing stops, and when the page is hidden or left.
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

  function timeOf(iso) {
    var when = iso ? new Date(iso) : new Date();
    return when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false });
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
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (response.ok && answer.saved) {
            say("Draft saved at " + timeOf(answer.updated));
          } else {
            changed = true;
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
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        // A save started as the page goes away still reaches the server.
        keepalive: Boolean(leaving),
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
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
