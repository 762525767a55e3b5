/* The review screen's keys and focus: j/k move between drafts, e edits, a accepts,
   r rejects, m merges; after an action focus lands on the next open draft (or on the
   first field with an error). Choosing an actor fills the title and country it has. */
(function () {
  "use strict";
  var review = document.querySelector(".review");
  if (!review) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var current = null;

  function focusCard(card) {
    if (!card) { return; }
    current = card;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
  }

  function firstField(card) {
    return card.querySelector(".card-form input:not([type=hidden]):not([tabindex='-1']), .card-form select:not(.admin-autocomplete), .card-form .select2-selection");
  }

  // Where focus starts: the first error, else the card the server names, else the first open one.
  var error = document.querySelector(".card .errors input, .card .errors select, .card .errors .select2-selection, .card .errornote");
  var wanted = review.getAttribute("data-focus");
  if (error) {
    var card = error.closest(".card");
    current = card;
    var target = card.querySelector(".errors input:not([type=hidden]), .errors .select2-selection, .errors select");
    (target || card).focus();
  } else if (wanted === "done") {
    var end = document.getElementById("review-end");
    if (end) { end.focus(); }
  } else if (wanted) {
    focusCard(document.getElementById("card-" + wanted));
  } else {
    focusCard(document.querySelector(".card:not(.card-done)"));
  }

  document.addEventListener("focusin", function (event) {
    var card = event.target.closest && event.target.closest(".card");
    if (card) { current = card; }
  });

  // Clicking a marked sentence goes to its card.
  review.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-card]");
    if (mark) { focusCard(document.getElementById(mark.getAttribute("data-card"))); }
  });

  function typing(target) {
    if (!target) { return false; }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || target.isContentEditable ||
      (target.classList && (target.classList.contains("select2-selection") || target.classList.contains("select2-search__field")));
  }

  function press(card, key) {
    var button = card && card.querySelector("button[data-key='" + key + "']");
    if (button) { button.click(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var index = cards.indexOf(current);
    switch (event.key) {
      case "j":
        focusCard(cards[Math.min(index + 1, cards.length - 1)] || cards[0]);
        break;
      case "k":
        focusCard(cards[Math.max(index - 1, 0)]);
        break;
      case "e":
        var field = current && firstField(current);
        if (field) { field.focus(); }
        break;
      case "a":
        press(current, "accept");
        break;
      case "r":
        press(current, "reject");
        break;
      case "m":
        var merge = current && current.querySelector(".field-merge_into .select2-selection, .merge-this");
        if (merge) { merge.focus(); }
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // Each autocomplete says what it is for (select2 names its box by the value shown,
  // which is empty until something is chosen): its label names it too.
  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector("label[for='" + select.id + "']");
      var box = select.nextElementSibling;
      if (!label || !box) { return; }
      if (!label.id) { label.id = select.id + "_label"; }
      var text = label.textContent.replace(/:\s*$/, "");
      box.querySelectorAll(".select2-selection").forEach(function (selection) {
        var shown = selection.getAttribute("aria-labelledby") || "";
        if (shown.indexOf(label.id) === -1) {
          selection.setAttribute("aria-labelledby", (label.id + " " + shown).trim());
        }
      });
      box.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (shown) {
        shown.setAttribute("aria-label", text);
      });
      box.querySelectorAll(".select2-search__field").forEach(function (input) {
        input.setAttribute("aria-label", text);
      });
    });
  }

  // An actor chosen from the record brings its current title and country.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameAutocompletes);  // after the admin has made its select2 boxes
    window.django.jQuery(document).on("change", "select.admin-autocomplete", nameAutocompletes);
    window.django.jQuery(document).on("select2:select", "select[name$='-actor']", function (event) {
      var data = event.params && event.params.data;
      if (!data) { return; }
      var row = this.closest("[data-row]");
      var title = row && row.querySelector("input[name$='-title']");
      if (title && data.title) { title.value = data.title; }
      var country = row && row.querySelector("select[name$='-country']");
      if (country && data.country && !country.value) {
        var option = new Option(data.country_name || data.country, data.country, true, true);
        window.django.jQuery(country).append(option).trigger("change");
      }
      var name = row && row.querySelector("input[name$='-name']");
      if (name) { name.value = ""; }
    });
  }
})();
