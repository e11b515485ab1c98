// While someone types a new question's title, show questions like it (answered ones marked).
// Without JavaScript the same suggestions appear on the next step ("Questions like yours").
(function () {
  "use strict";
  var box = document.querySelector("[data-suggest-url]");
  var field = box && document.getElementById(box.getAttribute("data-suggest-for"));
  if (!box || !field || !window.fetch) return;
  var list = box.querySelector("ul");
  var status = document.getElementById(box.getAttribute("data-suggest-status"));
  var timer = null;
  var asked = "";

  function show(topics) {
    list.textContent = "";
    topics.forEach(function (topic) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = topic.url;
      link.textContent = topic.title;
      item.appendChild(link);
      if (topic.is_answered) {
        var answered = document.createElement("span");
        answered.className = "tag tag--answered";
        answered.textContent = "Answered";
        item.appendChild(document.createTextNode(" "));
        item.appendChild(answered);
      }
      var where = document.createElement("span");
      where.className = "meta";
      where.textContent = " in " + topic.category.name;
      item.appendChild(where);
      list.appendChild(item);
    });
    box.hidden = topics.length === 0;
    status.textContent = topics.length
      ? topics.length + (topics.length === 1 ? " question" : " questions") +
        " like yours, listed under \u201cQuestions like yours\u201d."
      : "";
  }

  function ask() {
    var title = field.value.trim();
    if (title.length < 8 || title === asked) return;
    asked = title;
    var url = box.getAttribute("data-suggest-url") + "?title=" + encodeURIComponent(title);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (topics) { if (title === asked) show(topics.slice(0, 5)); })
      .catch(function () { /* suggestions are a help, never a blocker */ });
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 500);
  });
})();
