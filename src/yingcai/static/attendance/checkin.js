/* The check-in page of a staff phone (templates/attendance/checkin/scan.html).
 *
 * Each code (from the camera through @zxing/browser, or typed) is verified here with the
 * conference's public key (WebCrypto, ECDSA P-256 / SHA-256, raw r||s signature), so that the
 * gate answers at once with or without the network: a forged or altered code, a ticket of
 * another session or day, a ticket on the synced revocation list are refused here. A valid
 * scan is queued in localStorage (with its id and time) and sent to the server at once when
 * online, and again when the network returns; the server's answer replaces the local one
 * ("already checked in at 09:12, gate North 1"). Texts come from the page (data-msg-*).
 */
(function () {
  "use strict";

  // --- Verifying a ticket's code (also used by benchmarks/attendance_verify.py) -------------
  function bytesFromBase64(text, url) {
    var b64 = url ? text.replace(/-/g, "+").replace(/_/g, "/") : text;
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  // "YC1.<secret>.<session>.<YYYYMMDD>.<signature>" -> its parts, or null.
  function parse(code) {
    if (typeof code !== "string" || code.length > 200) { return null; }
    var parts = code.trim().split(".");
    if (parts.length !== 5 || parts[0] !== "YC1" || !parts[1]) { return null; }
    if (!/^[0-9]+$/.test(parts[2]) || !/^[0-9]{8}$/.test(parts[3])) { return null; }
    if (!/^[A-Za-z0-9_-]+$/.test(parts[4])) { return null; }
    var signature;
    try { signature = bytesFromBase64(parts[4], true); } catch (e) { return null; }
    if (signature.length !== 64) { return null; }
    return {
      secret: parts[1], session: parts[2], day: parts[3], signature: signature,
      message: new TextEncoder().encode(parts.slice(0, 4).join("."))
    };
  }

  function importKey(spkiBase64) {
    return crypto.subtle.importKey(
      "spki", bytesFromBase64(spkiBase64, false),
      { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]
    );
  }

  // Resolves to the ticket ({secret, session, day}) when the signature holds, else null.
  function verify(key, code) {
    var ticket = parse(code);
    if (!ticket) { return Promise.resolve(null); }
    return crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" }, key, ticket.signature, ticket.message
    ).then(function (ok) { return ok ? ticket : null; }, function () { return null; });
  }

  window.YingcaiCheckin = { parse: parse, importKey: importKey, verify: verify };

  // --- The page -------------------------------------------------------------------------------
  var root = document.querySelector("[data-checkin]");
  if (!root) { return; }
  var data = root.dataset;
  var sessionId = data.session;
  var storeKey = "yc-checkin:" + sessionId + ":" + data.gate;
  var answer = root.querySelector("[data-answer]");
  var log = root.querySelector("[data-log]");
  var queueCount = root.querySelector("[data-queue-count]");
  var network = root.querySelector("[data-network]");
  var form = root.querySelector("[data-code-form]");
  var input = form.querySelector("[name=code]");
  var sessions = {};
  try { sessions = JSON.parse(document.getElementById("checkin-sessions").textContent); } catch (e) { sessions = {}; }
  var key = null;
  var keyReady = (window.crypto && crypto.subtle)
    ? importKey(data.key).then(function (k) { key = k; }, function () { key = null; })
    : Promise.resolve();

  function load(name, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem(storeKey + ":" + name));
      return value === null ? fallback : value;
    } catch (e) { return fallback; }
  }
  function save(name, value) {
    try { localStorage.setItem(storeKey + ":" + name, JSON.stringify(value)); } catch (e) { /* full */ }
  }
  // The revocation list and the tickets seen are the session's, whichever gate.
  function loadShared(name, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem("yc-checkin:" + sessionId + ":" + name));
      return value === null ? fallback : value;
    } catch (e) { return fallback; }
  }
  function saveShared(name, value) {
    try { localStorage.setItem("yc-checkin:" + sessionId + ":" + name, JSON.stringify(value)); } catch (e) { /* full */ }
  }

  var queue = load("queue", []);
  var entries = load("log", []);
  var revoked = loadShared("revoked", []);
  var seen = loadShared("seen", {});

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function dayText(yyyymmdd) {
    return yyyymmdd.slice(0, 4) + "-" + yyyymmdd.slice(4, 6) + "-" + yyyymmdd.slice(6, 8);
  }

  function show(entry) {
    answer.textContent = entry.message;
    answer.className = "checkin-answer " + entry.outcome + (entry.pending ? " pending" : "");
    answer.dataset.outcome = entry.outcome;
  }
  function render() {
    queueCount.textContent = String(queue.length);
    log.textContent = "";
    entries.slice(0, 30).forEach(function (entry) {
      var item = document.createElement("li");
      item.className = entry.outcome + (entry.pending ? " pending" : "");
      item.dataset.outcome = entry.outcome;
      item.dataset.testid = "scan";
      var time = document.createElement("span");
      time.className = "meta";
      time.textContent = entry.time + " ";
      item.appendChild(time);
      item.appendChild(document.createTextNode(entry.message));
      log.appendChild(item);
    });
  }
  function remember(entry) {
    entries.unshift(entry);
    entries = entries.slice(0, 50);
    save("log", entries);
    show(entry);
    render();
  }

  function localAnswer(code, now) {
    if (!key) {
      // Without WebCrypto (a page not served over HTTPS): the server decides.
      var loose = parse(code);
      if (!loose) { return { outcome: "forged", message: data.msgForged }; }
      return { outcome: "admitted", message: data.msgNoCrypto, ticket: loose, pending: true };
    }
    return verify(key, code).then(function (ticket) {
      if (!ticket) { return { outcome: "forged", message: data.msgForged }; }
      if (ticket.session !== sessionId || ticket.day !== data.day) {
        var other = sessions[ticket.session];
        var message = other
          ? fill(data.msgOther, { title: other.title, day: dayText(ticket.day) })
          : data.msgOtherSession;
        return { outcome: ticket.session !== sessionId ? "other_session" : "other_day", message: message };
      }
      if (revoked.indexOf(ticket.secret) !== -1) {
        return { outcome: "cancelled", message: data.msgCancelled };
      }
      if (seen[ticket.secret]) {
        return { outcome: "already", message: fill(data.msgSeen, { time: seen[ticket.secret] }) };
      }
      return { outcome: "admitted", message: data.msgValid, ticket: ticket, pending: true };
    });
  }

  var lastCode = "";
  var lastAt = 0;
  function onCode(code) {
    code = (code || "").trim();
    if (!code) { return; }
    var nowMs = Date.now();
    if (code === lastCode && nowMs - lastAt < 4000) { return; }  // the camera sees it again
    lastCode = code; lastAt = nowMs;
    var now = new Date();
    keyReady.then(function () { return localAnswer(code, now); }).then(function (local) {
      var entry = {
        scan_id: uuid(), outcome: local.outcome, message: local.message,
        time: hhmm(now), pending: !!local.pending
      };
      if (local.outcome === "admitted") {
        seen[local.ticket.secret] = entry.time;
        saveShared("seen", seen);
        queue.push({ scan_id: entry.scan_id, code: code, scanned_at: now.toISOString() });
        save("queue", queue);
      }
      remember(entry);
      if (local.outcome === "admitted") { send(); }
    });
  }

  function csrf() {
    var field = form.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  var sending = false;
  function send() {
    if (sending || !queue.length) { render(); return; }
    if (navigator.onLine === false) { offline(); return; }
    sending = true;
    var batch = queue.slice(0, parseInt(data.maxBatch, 10) || 100);
    fetch(data.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ scans: batch })
    }).then(function (response) {
      return response.json().then(function (body) { return [response, body]; });
    }).then(function (pair) {
      var response = pair[0], body = pair[1];
      network.textContent = "";
      if (!response.ok || !body.ok) {
        network.textContent = data.msgRefused + " " + (body.message || response.status);
        return;
      }
      var answered = {};
      body.results.forEach(function (result) { answered[result.scan_id] = result; });
      queue = queue.filter(function (scan) { return !answered[scan.scan_id]; });
      save("queue", queue);
      entries.forEach(function (entry, index) {
        var result = answered[entry.scan_id];
        if (!result) { return; }
        entry.outcome = result.outcome;
        entry.message = result.message;
        entry.pending = false;
        if (index === 0) { show(entry); }
      });
      save("log", entries);
      render();
      if (queue.length) { setTimeout(send, 0); }
    }, offline).then(function () { sending = false; }, function () { sending = false; });
  }

  function offline() {
    network.textContent = data.msgOffline;
    render();
  }

  function fetchRevoked() {
    if (navigator.onLine === false) { return; }
    fetch(data.revokedUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && Array.isArray(body.revoked)) {
          revoked = body.revoked;
          saveShared("revoked", revoked);
          root.dataset.revokedSynced = String(revoked.length);
        }
      }, function () { /* offline: the list kept is used */ });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    input.value = "";
    lastCode = "";
    onCode(code);
    input.focus();
  });

  // The camera, through @zxing/browser (window.ZXingBrowser).
  var cameraButton = root.querySelector("[data-camera]");
  var video = root.querySelector("[data-video]");
  var controls = null;
  var startText = cameraButton.textContent;
  if (window.ZXingBrowser && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      if (controls) {
        controls.stop(); controls = null; video.hidden = true;
        cameraButton.textContent = startText;
        root.dataset.cameraState = "off";
        return;
      }
      video.hidden = false;
      cameraButton.textContent = data.msgStop;
      var reader = new window.ZXingBrowser.BrowserQRCodeReader();
      reader.decodeFromVideoDevice(undefined, video, function (result) {
        if (result) { onCode(result.getText()); }
      }).then(function (c) { controls = c; root.dataset.cameraState = "on"; }, function () {
        video.hidden = true;
        cameraButton.textContent = startText;
        show({ outcome: "forged", message: data.msgCamera });
      });
    });
  }

  window.addEventListener("online", function () { network.textContent = ""; send(); fetchRevoked(); });
  window.addEventListener("offline", offline);
  setInterval(send, 5000);
  setInterval(fetchRevoked, 30000);
  render();
  if (entries.length) { show(entries[0]); }
  fetchRevoked();
  send();
  root.dataset.ready = "true";
})();
