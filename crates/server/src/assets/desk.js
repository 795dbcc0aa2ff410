// Parallax story desk: live updates. Pages work without this script; with it, a page marked
// data-live refreshes its content when the server announces new articles (server-sent events).
(function () {
  "use strict";
  if (!document.body || document.body.dataset.live !== "1" || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var busy = false, again = false;
  function refresh(info) {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { headers: { "Accept": "text/html" }, cache: "no-store" })
      .then(function (r) {
        // A story merged into another redirects to it: show its address from now on.
        if (r.ok && r.redirected && r.url && window.history && history.replaceState) history.replaceState(null, "", r.url);
        return r.ok ? r.text() : Promise.reject(r.status);
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("main"), main = document.querySelector("main");
        if (!fresh || !main) return;
        // Keep what the user is typing in a filter form.
        var active = document.activeElement && main.contains(document.activeElement);
        if (!active) main.replaceChildren.apply(main, Array.prototype.slice.call(fresh.childNodes));
        main.classList.remove("flash"); void main.offsetWidth; main.classList.add("flash");
        if (status) status.textContent = "updated " + new Date().toLocaleTimeString() +
          (info && info.new ? " · " + info.new + " new article" + (info.new === 1 ? "" : "s") : "");
      })
      .catch(function () { if (status) status.textContent = "update failed; reload the page"; })
      .then(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var es = new EventSource("/api/events");
  es.addEventListener("articles", function (e) {
    var info = null;
    try { info = JSON.parse(e.data); } catch (_) { }
    refresh(info);
  });
  es.onopen = function () { if (status) status.textContent = "live"; document.body.dataset.liveReady = "1"; };
})();
