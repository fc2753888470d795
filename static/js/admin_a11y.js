/*
 * Accessible names the Django admin's widgets leave out, found by axe-core in the browser tests:
 * - select2 autocomplete boxes: the single box is named only by its (empty) value, the multiple box's
 *   search field has no name at all; both now carry the field's label;
 * - select2's "remove all" cross sits directly in the list of chosen items (a <ul>); it is wrapped in an <li>;
 * - the two inputs of a split date-time field have only bare text ("Ngày:", "Giờ:") next to them;
 *   each now is named by the field's legend and that text.
 */
(function () {
  "use strict";

  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").replace(/[:\s]+$/, "").trim() : "";
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      if (!label.id) label.id = select.id + "-label";
      var rendered = container.querySelector(".select2-selection--single .select2-selection__rendered");
      if (rendered && rendered.id) {
        container.querySelector(".select2-selection").setAttribute("aria-labelledby", label.id + " " + rendered.id);
        rendered.setAttribute("aria-labelledby", label.id); // a read-only textbox whose value is its text
      }
      container.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach(function (cross) {
        var item = document.createElement("li");
        item.className = "select2-selection__clear-item";
        cross.replaceWith(item);
        item.appendChild(cross);
      });
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (search) {
        search.setAttribute("aria-label", text(label));
      });
    });
  }

  function nameSplitDateTimes() {
    document.querySelectorAll("p.datetime").forEach(function (paragraph) {
      var fieldset = paragraph.closest("fieldset");
      var field = text(fieldset && fieldset.querySelector("legend"));
      paragraph.querySelectorAll("input:not([type=hidden]):not([aria-label])").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        var before = input.previousSibling;
        while (before && before.nodeType !== Node.TEXT_NODE) before = before.previousSibling;
        var part = before ? before.textContent.replace(/[:\s]+$/, "").trim() : "";
        var name = [field, part].filter(Boolean).join(" – ");
        if (name) input.setAttribute("aria-label", name);
      });
    });
  }

  var pending = false;
  function nameAll() {
    pending = false;
    nameAutocompletes();
    nameSplitDateTimes();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(nameAll);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    // select2 builds its boxes after this script runs, and inlines add new ones.
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", nameAll);
})();
