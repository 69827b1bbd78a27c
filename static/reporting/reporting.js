/* Reporting forms: warn before leaving a form with unsaved changes. Everything works
   without this script. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    document.querySelectorAll("form[data-unsaved-warning]").forEach(function (form) {
      var dirty = false;
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("change", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
      window.addEventListener("beforeunload", function (event) {
        if (!dirty) return undefined;
        event.preventDefault();
        event.returnValue = form.getAttribute("data-unsaved-warning");
        return event.returnValue;
      });
    });

    // My reporting lists the activities by objective, folded on a phone (what needs the
    // focal point stays open); a wide screen has room to show them all.
    if (window.matchMedia("(min-width: 768px)").matches) {
      document.querySelectorAll("details.rep-objective").forEach(function (group) {
        group.open = true;
      });
    }

    // Focus the summary of errors so that screen readers announce it.
    var errors = document.getElementById("form-errors");
    if (errors) {
      errors.setAttribute("tabindex", "-1");
      errors.focus();
    }
  });
})();
