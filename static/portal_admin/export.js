// The admin's export page: the "Select all" toggle, without an inline handler (strict CSP).
// onSelectToggleChange comes from django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", (event) => {
      if (typeof onSelectToggleChange === "function") {
        onSelectToggleChange(event);
      } else {
        document
          .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
          .forEach((box) => {
            box.checked = event.target.checked;
          });
      }
    });
  });
});
