// The export page's "Select all" box (django-import-export's handler, attached here so the
// page needs no inline script).
document.querySelectorAll("input.select-toggle").forEach(function (box) {
  box.addEventListener("change", function (event) {
    if (typeof onSelectToggleChange === "function") { onSelectToggleChange(event); }
  });
});
