// The page's only script: local times, the countdown, and the live stream.
// Without it the page still shows the state it was served with, in UTC.
"use strict";
(function () {
  var body = document.body;
  var base = body.getAttribute("data-base") || "";
  var page = body.getAttribute("data-page") || "";
  var served = Date.parse(body.getAttribute("data-now") || "");
  var skew = isNaN(served) ? 0 : served - Date.now(); // the server's clock decides what is overdue
  var indicator = document.getElementById("live");
  var lastHeard = null;
  var source = null;
  var retry = 1000;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()); }
  function localText(d) {
    var today = new Date();
    var sameDay = d.toDateString() === today.toDateString();
    return (sameDay ? "" : d.toLocaleDateString() + " ") + clock(d);
  }
  function localise(root) {
    var times = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var t = times[i];
      var d = new Date(t.getAttribute("datetime"));
      if (isNaN(d)) continue;
      if (!t.hasAttribute("data-utc")) t.setAttribute("data-utc", t.textContent);
      t.title = t.getAttribute("data-utc");
      t.textContent = localText(d);
    }
  }
  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h ? h + ":" + pad(m) : m) + ":" + pad(sec);
  }
  function tick() {
    var now = Date.now() + skew;
    var dues = document.querySelectorAll("[data-due]");
    for (var i = 0; i < dues.length; i++) {
      var el = dues[i];
      var left = Date.parse(el.getAttribute("data-due")) - now;
      var out = el.querySelector(".left");
      if (!out) continue;
      if (left <= 0) { out.textContent = "overdue by " + span(left); el.classList.add("overdue"); }
      else { out.textContent = "in " + span(left); el.classList.remove("overdue"); }
    }
    if (source && lastHeard && source.readyState !== 1 && Date.now() - lastHeard > 10000) {
      show("stale", "stale since " + clock(new Date(lastHeard)));
    }
  }
  function show(state, text) {
    if (!indicator) return;
    indicator.className = "live " + state;
    indicator.textContent = text;
  }
  function connect() {
    source = new EventSource(base + "/events?page=" + encodeURIComponent(page));
    source.onopen = function () { retry = 1000; };
    source.addEventListener("state", function (e) {
      lastHeard = Date.now();
      if (e.data === "live") { show("on", "live"); return; }
      var since = new Date(e.data.slice(6));
      show("stale", "stale since " + (isNaN(since) ? "?" : clock(since)));
    });
    source.addEventListener("page", function (e) {
      lastHeard = Date.now();
      var main = document.getElementById("main");
      // The server renders this with every field escaped; the CSP forbids any script in it.
      main.innerHTML = e.data;
      localise(main);
      tick();
    });
    source.onerror = function () {
      if (source.readyState === 2) { // closed for good (dropped, or refused): try again ourselves
        source.close();
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 15000);
      }
      if (!lastHeard || Date.now() - lastHeard <= 10000) show("reconnecting", "reconnecting…");
    };
  }
  localise(document);
  tick();
  setInterval(tick, 1000);
  if (window.EventSource) connect();
})();
