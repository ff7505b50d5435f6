/* Call player: a running call timer, turns posted without a full reload, number-key shortcuts,
   and the debrief's print button. Without JavaScript every form still posts normally. */
(function () {
  "use strict";

  function startTimer() {
    var timer = document.getElementById("call-timer");
    if (!timer) { return; }
    var started = Date.parse(timer.getAttribute("data-started"));
    function tick() {
      var seconds = Math.max(0, Math.floor((Date.now() - started) / 1000));
      var minutes = Math.floor(seconds / 60);
      var rest = seconds % 60;
      timer.textContent = (minutes < 10 ? "0" : "") + minutes + ":" + (rest < 10 ? "0" : "") + rest;
    }
    tick();
    window.setInterval(tick, 1000);
  }

  function focusCall(panel) {
    var transcript = document.getElementById("call-transcript");
    if (transcript) { transcript.scrollIntoView({block: "end"}); }
    var target = panel.querySelector("textarea, button.choice");
    if (target) { target.focus(); }
  }

  function setBusy(form, busy) {
    form.querySelectorAll("button, textarea").forEach(function (el) { el.disabled = busy; });
  }

  function submitTurn(event) {
    var form = event.target.closest("form[data-enhance]");
    var panel = document.getElementById("call-panel");
    if (!form || !panel || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    setBusy(form, true);
    fetch(form.action, {method: "POST", body: data, headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
      .then(function (response) { return response.json().then(function (body) { return {ok: response.ok, body: body}; }); })
      .then(function (result) {
        if (result.body.redirect) { window.location.assign(result.body.redirect); return; }
        if (result.body.html) {  /* a turn, or the call as it stands with a notice (409, 429) */
          panel.innerHTML = result.body.html;
          focusCall(panel);
          return;
        }
        window.alert(result.body.error || "Error");
        window.location.reload();
      })
      .catch(function () { form.removeAttribute("data-enhance"); form.submit(); });
  }

  function shortcut(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input") { return; }
    var number = parseInt(event.key, 10);
    if (!number) { return; }
    var choices = document.querySelectorAll("#call-panel button.choice");
    if (choices[number - 1]) { event.preventDefault(); choices[number - 1].click(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    startTimer();
    var panel = document.getElementById("call-panel");
    if (panel) {
      panel.addEventListener("submit", submitTurn);
      document.addEventListener("keydown", shortcut);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
}());
