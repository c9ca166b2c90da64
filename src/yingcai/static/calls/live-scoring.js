// Live scoring on a judge's phone (templates/calls/live/sheet.html), and a guard of the
// results screen (at the end). The sheet works without this script (each score is a form
// post); with it, nothing typed is lost while offline:
// every score goes into the page's storage (localStorage) with its idempotency key before it
// is sent, shows "waiting to send" until the server has answered, and is sent again when the
// network returns (the `online` event, and a retry every few seconds). The server saves a
// key once: a double tap or a retried request changes nothing (calls.services.live).
(function () {
  "use strict";

  var RETRY_MS = 3000;
  var TIMEOUT_MS = 10000;

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function start(sheet) {
    var storeKey = "yingcai-live-scores:" + sheet.dataset.liveSheet;
    var note = sheet.querySelector("[data-live-queue]");
    var lastSent = {};  // assignment id -> {fields, key}: a second tap of the same score
    var stuck = {};  // assignment id -> key the server did not answer about (reload to send)
    var sending = false;

    function load() {
      try { return JSON.parse(window.localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
    }
    function store(queue) {
      try { window.localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* full */ }
    }
    function formOf(id) { return sheet.querySelector('form[data-live-score="' + id + '"]'); }
    function csrf() {
      var input = sheet.querySelector("[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function show(id, state, text) {
      var form = formOf(id);
      if (!form) { return; }
      var item = form.closest("li");
      var pending = item.querySelector("[data-pending]");
      var saved = item.querySelector("[data-saved]");
      var errors = item.querySelector("[data-errors]");
      pending.hidden = state !== "pending" && state !== "stuck";
      if (state === "stuck") { pending.textContent = text; }
      if (state === "pending") { pending.textContent = text || sheet.dataset.msgPending; }
      if (state === "saved") {
        saved.hidden = false;
        saved.querySelector("[data-total]").textContent = text;
        errors.textContent = "";
        form.querySelector("button").textContent = sheet.dataset.msgChange;
      }
      if (state === "refused") { errors.textContent = text; }
      advance();
    }

    // The first entry not yet scored nor waiting is the current one.
    function advance() {
      var now = sheet.querySelector(".now");
      var next = null;
      sheet.querySelectorAll(".live-entry").forEach(function (item) {
        item.classList.remove("current");
        item.removeAttribute("aria-current");
        var saved = item.querySelector("[data-saved]");
        var pending = item.querySelector("[data-pending]");
        if (!next && item.querySelector("form") && saved && saved.hidden && pending.hidden) {
          next = item;
        }
      });
      if (next) {
        next.classList.add("current");
        next.setAttribute("aria-current", "step");
        if (now) { next.querySelector("h2").after(now); }
      } else if (now) {
        now.hidden = true;
      }
    }

    function count() {
      var scored = sheet.querySelector("[data-scored-count]");
      if (scored) {
        scored.textContent = sheet.querySelectorAll(".live-entry [data-saved]:not([hidden])").length;
      }
      var n = Object.keys(load()).length;
      note.hidden = n === 0;
      note.textContent = sheet.dataset.msgCount + " " + n;
    }

    function send() {
      if (sending) { return; }
      var queue = load();
      // A score the server would not take from this page (an expired form) waits for a
      // reload; the others go on.
      var ids = Object.keys(queue).filter(function (id) { return stuck[id] !== queue[id].key; });
      count();
      if (!ids.length) { return; }
      sending = true;
      var id = ids[0];
      var item = queue[id];
      var body = new URLSearchParams(item.fields);
      body.set("key", item.key);
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
      fetch(item.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrf() },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return (json ? response.json() : Promise.resolve(null)).then(function (data) {
          return { status: response.status, data: data };
        });
      }).then(function (answer) {
        if (timer) { clearTimeout(timer); }
        sending = false;
        if (answer.status >= 500 || answer.status === 429) {
          show(id, "pending");  // the server is busy: later
          return;
        }
        if (!answer.data) {
          // Not an answer about the score (signed out, an expired form): keep it, and say
          // to reload the page, which sends it with a fresh form.
          stuck[id] = item.key;
          show(id, "stuck", sheet.dataset.msgRefused);
          send();
          return;
        }
        var now = load();
        if (now[id] && now[id].key === item.key) { delete now[id]; store(now); }
        if (answer.data.ok) {
          lastSent[id] = { fields: item.fields, key: item.key };
          show(id, "saved", answer.data.total.toFixed(2));
        } else {
          show(id, "refused", answer.data.message || sheet.dataset.msgRefused);
        }
        count();
        send();
      }).catch(function () {
        if (timer) { clearTimeout(timer); }
        sending = false;
        show(id, "pending");  // offline, or the connection was lost: kept, sent later
        count();
      });
    }

    sheet.addEventListener("submit", function (event) {
      var form = event.target.closest("form[data-live-score]");
      if (!form) { return; }
      event.preventDefault();
      var id = form.dataset.liveScore;
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "key" && name !== "csrfmiddlewaretoken") { fields.push([name, value]); }
      });
      var queue = load();
      // The same score tapped again keeps its key: the server saves it once.
      var key = newKey();
      if (queue[id] && same(queue[id].fields, fields)) { key = queue[id].key; }
      else if (lastSent[id] && same(lastSent[id].fields, fields)) { key = lastSent[id].key; }
      queue[id] = { action: form.action, fields: fields, key: key, at: Date.now() };
      store(queue);
      show(id, "pending", navigator.onLine ? sheet.dataset.msgSending : "");
      count();
      send();
    });

    // Scores typed before a reload (or a lost connection) are still waiting: show them in
    // their forms, then send them.
    var queue = load();
    Object.keys(queue).forEach(function (id) {
      var form = formOf(id);
      if (!form) { return; }
      queue[id].fields.forEach(function (pair) {
        var input = form.querySelector('[name="' + pair[0] + '"]');
        if (input) { input.value = pair[1]; }
      });
      show(id, "pending");
    });
    advance();
    var current = sheet.querySelector(".live-entry.current");
    if (current && current.scrollIntoView) { current.scrollIntoView({ block: "center" }); }
    window.addEventListener("online", send);
    setInterval(send, RETRY_MS);
    send();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-sheet]").forEach(start);
  });

  // The results screen (templates/calls/live/screen.html) polls its rows with HTMX. An answer
  // that is not the rows — the log-in page once the projector's session has ended — must not
  // replace them on the hall's screen: the last rows stay, and the polling goes on.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "screen-rows" &&
        event.detail.xhr.responseText.indexOf('id="screen-rows"') === -1) {
      event.detail.shouldSwap = false;
    }
  });
})();
