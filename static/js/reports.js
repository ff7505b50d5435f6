// Export job page: poll the job's status and move the progress bar; show the download when done.
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
          refresh.classList.add("d-none");
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
