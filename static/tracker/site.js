// Small progressive enhancements; every page works without them.
// Subscribe forms: the reader's own time zone instead of UTC.
document.querySelectorAll("[data-local-timezone]").forEach(function (input) {
  try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) {}
});

// Phones: the filters start folded above the results (open without JavaScript).
if (window.matchMedia && window.matchMedia("(max-width: 899px)").matches) {
  document.querySelectorAll("details[data-close-when-narrow]").forEach(function (details) {
    details.open = false;
  });
}

// Lanes: ← and → move the window, − zooms out (the links' own keys), outside text fields.
document.addEventListener("keydown", function (event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
  var link = document.querySelector('.lanes-nav a[data-key="' + event.key + '"]');
  if (link) { event.preventDefault(); link.click(); }
});
