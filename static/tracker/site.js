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
