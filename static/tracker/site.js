// Small progressive enhancements; every page works without them.
// Subscribe forms: the reader's own time zone instead of UTC.
document.querySelectorAll("[data-local-timezone]").forEach(function (input) {
  try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) {}
});
