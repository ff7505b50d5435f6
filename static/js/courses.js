// Courses: lesson heartbeat (bounded time on page) and the editor's live preview.
(function () {
  "use strict";

  // Lesson page: every 30 s while the tab is visible and the reader was active in the last 2 minutes,
  // tell the server; it adds at most 60 s per beat and nothing after an idle gap.
  var lesson = document.getElementById("lesson");
  if (lesson && lesson.dataset.pingUrl && window.fetch) {
    var lastActive = Date.now();
    ["scroll", "keydown", "mousemove", "touchstart", "click"].forEach(function (name) {
      window.addEventListener(name, function () { lastActive = Date.now(); }, { passive: true });
    });
    var beat = function () {
      if (document.visibilityState !== "visible" || Date.now() - lastActive > 120000) { return; }
      fetch(lesson.dataset.pingUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": lesson.dataset.csrf, "X-Requested-With": "fetch" }
      }).catch(function () {});
    };
    window.setInterval(beat, 30000);
  }

  // Editor: render the Markdown with the site's own pipeline, a moment after typing stops.
  var editor = document.getElementById("body-editor");
  var preview = document.getElementById("preview");
  if (editor && preview && preview.dataset.previewUrl && window.fetch) {
    var timer = null;
    var render = function () {
      var data = new FormData();
      data.append("body", editor.value);
      data.append("csrf_token", preview.dataset.csrf);
      fetch(preview.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (json) { if (json) { preview.innerHTML = json.html; } })
        .catch(function () {});
    };
    editor.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 400);
    });
  }
})();
