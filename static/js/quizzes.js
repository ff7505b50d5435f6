// Quiz attempt page: autosave answers (so a reload or a dropped connection loses nothing) and a countdown.
// The server enforces the deadline; this timer only shows it and submits when it reaches zero.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var timerId = null;
  var submitting = false;
  var closed = false;

  function show(text) { if (status) { status.textContent = text; } }

  function save() {
    timerId = null;
    if (closed) { return Promise.resolve(); }
    return fetch(form.dataset.saveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok && body.saved) {
          var at = new Date(body.saved_at);
          show(form.dataset.savedLabel + " " + at.toLocaleTimeString());
        } else {
          closed = true;
          show(body.message || form.dataset.errorLabel);
        }
      });
    }).catch(function () {
      show(form.dataset.errorLabel);
      if (!timerId) { timerId = setTimeout(save, 5000); }   // retry until the connection is back
    });
  }

  function schedule() {
    if (timerId) { clearTimeout(timerId); }
    timerId = setTimeout(save, 700);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    if (!form.dataset.autoSubmit && !window.confirm(form.dataset.submitConfirm)) { event.preventDefault(); return; }
    submitting = true;
    closed = true;                                  // the submit carries every answer: no autosave after it
    if (timerId) { clearTimeout(timerId); timerId = null; }
    var button = document.getElementById("submit-attempt");
    if (button) { button.disabled = true; }
  });
  window.addEventListener("pagehide", function () {
    if (timerId && !submitting && navigator.sendBeacon) {
      var data = new FormData(form);
      navigator.sendBeacon(form.dataset.saveUrl, data);
    }
  });

  var timer = document.getElementById("quiz-timer");
  if (!timer) { return; }
  var deadline = Date.parse(timer.dataset.deadline);
  var skew = Date.now() - Date.parse(timer.dataset.now);
  var text = timer.querySelector("[data-timer-text]");

  function tick() {
    var left = Math.max(0, Math.round((deadline + skew - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    text.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 60) { timer.classList.replace("text-bg-warning", "text-bg-danger"); }
    if (left === 0 && !submitting) {
      show(form.dataset.closedLabel);
      form.dataset.autoSubmit = "1";
      submitting = true;
      form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
