// Accessible names in the admin's change forms, for what Django and select2 leave unnamed:
// fields of tabular inlines (their label is the column header), the autocomplete boxes
// (select2) and the inline tables' unlabelled first column. Added rows are named too.
(function () {
  "use strict";

  function columnName(cell) {
    const row = cell.parentElement;
    const table = cell.closest("table");
    if (!row || !table) return "";
    const index = Array.prototype.indexOf.call(row.children, cell);
    const header = table.querySelectorAll("thead tr > th")[index];
    return header ? header.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function nameOf(field) {
    if (field.id) {
      const label = document.querySelector('label[for="' + field.id + '"]');
      if (label && label.textContent.trim()) return label.textContent.replace(/:\s*$/, "").trim();
    }
    const cell = field.closest("td");
    return cell ? columnName(cell) : "";
  }

  function name() {
    document.querySelectorAll(".inline-group .tabular td input, .inline-group .tabular td select, .inline-group .tabular td textarea").forEach(function (field) {
      if (field.type === "hidden" || field.hasAttribute("aria-label")) return;
      if (field.id && document.querySelector('label[for="' + field.id + '"]')) return;
      const text = nameOf(field);
      if (text) field.setAttribute("aria-label", text);
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      const text = nameOf(select) || select.name;
      box.querySelectorAll(".select2-selection").forEach(function (el) {
        el.removeAttribute("aria-labelledby");
        el.setAttribute("aria-label", text);
      });
      box.querySelectorAll(".select2-search__field, .select2-selection__rendered[role=textbox]").forEach(function (el) {
        el.setAttribute("aria-label", text);
      });
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "presentation");
        Array.prototype.forEach.call(list.children, function (item) {
          item.setAttribute("role", "presentation");
        });
      });
    });
    document.querySelectorAll(".inline-group .tabular thead th.original").forEach(function (th) {
      if (!th.textContent.trim()) {
        const span = document.createElement("span");
        span.className = "visually-hidden";
        span.textContent = "Saved row";
        th.appendChild(span);
      }
    });
  }

  let pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; name(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    name();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
})();
