/* CAMI Portal: small enhancements; every page works without them. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // Controls that need JavaScript are hidden in the HTML and shown here.
    document.querySelectorAll(".js-only[hidden]").forEach(function (el) {
      el.hidden = false;
    });

    // "Expand all" / "Collapse all" for the outline of the programme.
    document.querySelectorAll("[data-details-toggle]").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("data-details-toggle") === "open";
        document.querySelectorAll("details.outline-issue").forEach(function (d) {
          d.open = open;
        });
      });
    });

    // On a phone the filters start folded (unless some are chosen), so the list comes first.
    if (window.matchMedia("(max-width: 991.98px)").matches) {
      document.querySelectorAll("details[data-close-when-narrow]:not([data-keep-open])")
        .forEach(function (details) {
          details.open = false;
        });
    }

    // Filter forms send only what was chosen, so the shared address stays short.
    document.querySelectorAll("form.filter-form").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input[name], select[name]").forEach(function (field) {
          if ((field.type === "text" || field.type === "search" || field.tagName === "SELECT" ||
               field.type === "hidden") && !field.value) {
            field.disabled = true;
          }
        });
      });
    });
    // Coming back through the browser's history re-enables them.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form.filter-form [disabled]").forEach(function (field) {
        field.disabled = false;
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });

  // Print everything: open the closed outline sections, close them again afterwards.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = [];
    document.querySelectorAll("main details:not([open])").forEach(function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) {
      d.open = false;
    });
    openedForPrint = [];
  });
})();
