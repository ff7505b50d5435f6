// Certificates ZIP page: poll the job's status, move the progress bar, offer the download when done.
(function () {
  "use strict";
  var box = document.getElementById("cert-bundle");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("bundle-bar");
  var message = document.getElementById("bundle-message");
  var download = document.getElementById("bundle-download");

  function setPercent(percent) {
    var step = Math.round(percent / 5) * 5;
    bar.className = bar.className.replace(/\bw-\d+p\b/, "w-" + step + "p");
    bar.textContent = percent + "%";
    bar.parentElement.setAttribute("aria-valuenow", String(percent));
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        setPercent(job.percent);
        if (job.status === "done") {
          bar.classList.remove("progress-bar-animated");
          download.classList.remove("d-none");
          message.textContent = box.getAttribute("data-done-text");
          download.focus();
        } else if (job.status === "failed") {
          bar.classList.remove("progress-bar-animated");
          bar.classList.add("bg-danger");
          message.textContent = job.error || message.textContent;
        } else {
          message.textContent = job.progress + " / " + job.total;
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (box.querySelector(".progress-bar-animated")) { poll(); }
}());
