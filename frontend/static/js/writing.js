/*
 * The writing toolbar: Bold, List, Link and Quote buttons over every text box that asks for it
 * (textarea[data-writing-toolbar], frontend/forms/writing.py). Each button writes the Markdown
 * for you around what is selected (or around a word to type over, if nothing is), then puts
 * you back in the text box with the words selected. It follows the ARIA toolbar pattern: one
 * Tab stop, the arrow keys (and Home, End) move between the buttons. A polite live region says
 * what changed. Without JavaScript there is no toolbar and the text box works as it always did.
 * Loaded with `defer`, so the forms exist by the time this runs.
 */
(function () {
  "use strict";

  var ACTIONS = [
    { name: "bold", label: "Bold" },
    { name: "list", label: "List" },
    { name: "link", label: "Link" },
    { name: "quote", label: "Quote" },
  ];
  var PLACEHOLDER = { bold: "bold words", link: "link words" };
  var WEB_ADDRESS = "https://";

  // Put `text` in place of value[from, to] so that Undo still works where the browser allows
  // it, and tell other scripts (drafts.js) that the text changed.
  function replace(box, from, to, text) {
    box.focus();
    box.setSelectionRange(from, to);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done || box.value.slice(from, from + text.length) !== text) {
      box.setRangeText(text, from, to, "end");
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  // Spaces picked up at the ends of a selection (a double-click takes the space after a word)
  // stay outside the stars.
  function trimmed(value, start, end) {
    while (start < end && /\s/.test(value.charAt(start))) start += 1;
    while (end > start && /\s/.test(value.charAt(end - 1))) end -= 1;
    return { start: start, end: end };
  }

  function bold(box) {
    var value = box.value;
    var range = trimmed(value, box.selectionStart, box.selectionEnd);
    var words = value.slice(range.start, range.end);
    var around = value.slice(range.start - 2, range.start) === "**" &&
      value.slice(range.end, range.end + 2) === "**";
    if (words && around) {
      // Pressed again on bold words: take the stars away.
      replace(box, range.start - 2, range.end + 2, words);
      box.setSelectionRange(range.start - 2, range.end - 2);
      return "Bold taken away.";
    }
    words = words || PLACEHOLDER.bold;
    replace(box, range.start, range.end, "**" + words + "**");
    box.setSelectionRange(range.start + 2, range.start + 2 + words.length);
    return "Bold added.";
  }

  function link(box) {
    var value = box.value;
    var range = trimmed(value, box.selectionStart, box.selectionEnd);
    var words = value.slice(range.start, range.end);
    if (/^(https?:\/\/|www\.)\S+$/.test(words)) {
      // A web address was selected: it becomes the link, and you type the words to show.
      var address = /^www\./.test(words) ? "https://" + words : words;
      replace(box, range.start, range.end, "[" + PLACEHOLDER.link + "](" + address + ")");
      box.setSelectionRange(range.start + 1, range.start + 1 + PLACEHOLDER.link.length);
      return "Link added. Type the words people will click.";
    }
    words = words || PLACEHOLDER.link;
    replace(box, range.start, range.end, "[" + words + "](" + WEB_ADDRESS + ")");
    var at = range.start + words.length + 3;
    box.setSelectionRange(at, at + WEB_ADDRESS.length);
    return "Link added. Type or paste the web address.";
  }

  // List and Quote work on whole lines: each line of the selection gets the mark at its
  // start, or loses it if every line already has it.
  function lines(box, mark, added, takenAway) {
    var value = box.value;
    var start = value.lastIndexOf("\n", box.selectionStart - 1) + 1;
    var endOfLine = value.indexOf("\n", Math.max(box.selectionEnd - 1, box.selectionStart));
    var end = endOfLine === -1 ? value.length : endOfLine;
    var chosen = value.slice(start, end).split("\n");
    var written = chosen.filter(function (line) { return line.trim() !== ""; });
    var already = written.length > 0 && written.every(function (line) {
      return line.indexOf(mark) === 0;
    });
    var changed = chosen.map(function (line) {
      if (already) return line.slice(mark.length);
      return line.trim() === "" && chosen.length > 1 ? line : mark + line;
    }).join("\n");
    // A list or quote needs an empty line before it to stand apart from the words above
    // (not when the line above is already one of its items).
    var above = start > 0 ? value.slice(value.lastIndexOf("\n", start - 2) + 1, start - 1) : "";
    var before = !already && above.trim() !== "" && above.indexOf(mark) !== 0 ? "\n" : "";
    replace(box, start, end, before + changed);
    var from = start + before.length;
    if (chosen.length === 1 && chosen[0].trim() === "") {
      box.setSelectionRange(from + changed.length, from + changed.length);
    } else {
      box.setSelectionRange(from, from + changed.length);
    }
    return already ? takenAway : added;
  }

  var DO = {
    bold: bold,
    link: link,
    list: function (box) { return lines(box, "- ", "List added.", "List taken away."); },
    quote: function (box) { return lines(box, "> ", "Quote added.", "Quote taken away."); },
  };

  function showHint(box) {
    (box.getAttribute("aria-describedby") || "").split(/\s+/).forEach(function (id) {
      var hint = id && document.getElementById(id);
      if (!hint) return;
      Array.prototype.forEach.call(
        hint.querySelectorAll("[data-writing-buttons-hint]"),
        function (part) { part.hidden = false; }
      );
    });
  }

  function addToolbar(box) {
    var toolbar = document.createElement("div");
    toolbar.className = "writing-toolbar";
    toolbar.setAttribute("role", "toolbar");
    // Not "Formatting for <the box's label>": the box's label must name only the box, or
    // speech-input users saying "click About you" would be asked which one they mean.
    toolbar.setAttribute("aria-label", "Formatting");
    if (box.id) toolbar.setAttribute("aria-controls", box.id);

    var said = document.createElement("span");
    said.className = "visually-hidden";
    said.setAttribute("aria-live", "polite");

    var buttons = ACTIONS.map(function (action, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary button--small writing-toolbar__button";
      button.textContent = action.label;
      button.setAttribute("data-writing-action", action.name);
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () {
        moveTo(index);
        var message = DO[action.name](box);
        said.textContent = "";
        window.setTimeout(function () { said.textContent = message; }, 50);
      });
      toolbar.appendChild(button);
      return button;
    });

    function moveTo(index, focus) {
      buttons.forEach(function (button, i) { button.tabIndex = i === index ? 0 : -1; });
      if (focus) buttons[index].focus();
    }

    toolbar.addEventListener("keydown", function (event) {
      var current = buttons.indexOf(document.activeElement);
      if (current === -1) return;
      var next = {
        ArrowRight: (current + 1) % buttons.length,
        ArrowLeft: (current - 1 + buttons.length) % buttons.length,
        Home: 0,
        End: buttons.length - 1,
      }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      moveTo(next, true);
    });

    box.parentNode.insertBefore(toolbar, box);
    box.parentNode.insertBefore(said, box);
    showHint(box);
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("textarea[data-writing-toolbar]"),
    addToolbar
  );
})();
