// Site-wide behaviour. No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Buttons that ask for confirmation: <button data-confirm="Are you sure?">
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Forms that must not be submitted twice (double clicks): <form data-once>
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-once")) {
      if (form.dataset.submitted) { event.preventDefault(); return; }
      form.dataset.submitted = "1";
    }
  });
})();
