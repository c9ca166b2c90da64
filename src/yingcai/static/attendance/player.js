// Plays a session's HLS stream (an .m3u8 address) in its <video>: with hls.js where the
// browser has Media Source Extensions, natively where it plays HLS itself (Safari, iOS),
// else the page's link to the stream stays the way to watch it.
(function () {
  "use strict";
  function start(video) {
    var source = video.getAttribute("data-hls-src");
    if (!source) return;
    if (window.Hls && window.Hls.isSupported()) {
      var hls = new window.Hls();
      hls.loadSource(source);
      hls.attachMedia(video);
      video.setAttribute("data-player", "hls.js");
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = source;
      video.setAttribute("data-player", "native");
    } else {
      var note = video.parentNode.querySelector(".stream-note");
      if (note) {
        note.textContent = video.getAttribute("data-unsupported") || "";
        note.hidden = false;
      }
      video.hidden = true;
      video.setAttribute("data-player", "none");
    }
  }
  function all() {
    document.querySelectorAll("video[data-hls-src]").forEach(start);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", all);
  } else {
    all();
  }
})();
