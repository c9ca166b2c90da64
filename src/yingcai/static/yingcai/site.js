// Yingcai's own script. Pages work without it; it adds the live countdown, keeps the menu
// and the filters spread out on wide screens, and turns list tables into cards on phones.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }

  function tick(el) {
    var target = Date.parse(el.dataset.countdown);
    if (isNaN(target)) { return; }
    var left = Math.max(0, Math.floor((target - Date.now()) / 1000));
    var days = Math.floor(left / 86400);
    var rest = left % 86400;
    el.textContent = el.dataset.format
      .replace("{d}", days)
      .replace("{h}", pad(Math.floor(rest / 3600)))
      .replace("{m}", pad(Math.floor((rest % 3600) / 60)))
      .replace("{s}", pad(rest % 60));
  }

  // A field whose whole content is meant to be copied (a new API token) selects itself.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) {
      event.target.select();
    }
  });

  // The menu and the filters are <details>, folded on a phone. From 768 px (Pico's md
  // breakpoint, the same as in site.css) they are open; back on a narrow screen, folded.
  var WIDE = window.matchMedia("(min-width: 768px)");

  function spread(root) {
    (root || document).querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = WIDE.matches;
    });
  }

  // Each cell of a list table gets the label of its column, which site.css shows beside
  // the value when the table becomes cards (below 600 px). Tables of numbers stay tables.
  function label(root) {
    (root || document).querySelectorAll("main table").forEach(function (table) {
      if (table.classList.contains("numbers") || !table.tHead) { return; }
      var headers = [];
      var row = table.tHead.rows[table.tHead.rows.length - 1];
      if (!row) { return; }
      Array.prototype.forEach.call(row.cells, function (cell) {
        var text = cell.textContent.replace(/\s+/g, " ").trim();
        for (var i = 0; i < (cell.colSpan || 1); i++) { headers.push(text); }
      });
      if (headers.length < 3) { return; }
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (tr) {
          var column = 0;
          Array.prototype.forEach.call(tr.cells, function (cell) {
            if (cell.colSpan > 1) {
              cell.classList.add("whole");
            } else if (!cell.hasAttribute("data-label")) {
              cell.setAttribute("data-label", headers[column] || "");
            }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("cards-on-phone");
    });
  }

  function start() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      tick(el);
      setInterval(function () { tick(el); }, 1000);
    });
    spread();
    label();
    WIDE.addEventListener("change", function () { spread(); });
    // Parts swapped in by HTMX (a member list, search results) are labelled like the page.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      label(event.target.parentElement || event.target);
      spread(event.target);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
