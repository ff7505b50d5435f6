// Background job pages (report exports, employee imports, certificate ZIPs): poll the job's status, move the
// progress bar, say how far it got, and offer the download when done. Markup: #export-job[data-job-status]
// with #job-bar, #job-message, #job-download, and optionally #job-rows[data-template] and #job-refresh.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) { return; }
  var url = box.getAttribute("data-job-status");
  var bar = document.getElementById("job-bar");
  var message = document.getElementById("job-message");
  var download = document.getElementById("job-download");
  var refresh = document.getElementById("job-refresh");

  var rows = document.getElementById("job-rows");

  function setRows(job) {
    if (!rows || !job.total) { return; }
    rows.textContent = rows.getAttribute("data-template")
      .replace("{done}", String(job.progress || 0)).replace("{total}", String(job.total));
  }

  function hide(element) {
    if (element) { element.classList.add("d-none"); }
  }

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
        setRows(job);
        if (job.status === "done") {
          bar.classList.remove("progress-bar-animated");
          download.classList.remove("d-none");
          hide(refresh);
          message.textContent = box.getAttribute("data-done-text") || message.textContent;
          download.focus();
        } else if (job.status === "failed") {
          bar.classList.remove("progress-bar-animated");
          bar.classList.add("bg-danger");
          message.textContent = job.error || message.textContent;
        } else if (job.status === "queued" || job.status === "running") {
          window.setTimeout(poll, 1000);
        } else {
          bar.classList.remove("progress-bar-animated");
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
