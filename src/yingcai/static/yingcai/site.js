// Yingcai's own script. Pages work without it; it only adds the live countdown.
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

  function start() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      tick(el);
      setInterval(function () { tick(el); }, 1000);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
