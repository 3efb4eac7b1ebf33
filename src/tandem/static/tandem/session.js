// Automatic logoff warning. The server decides when a session is idle; this
// only shows the countdown it implies and offers "Stay signed in".
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.idleSeconds || "0", 10);
  if (!idle) { return; }
  var warnBefore = Math.min(60, Math.floor(idle / 2));
  var dialog = document.getElementById("idle-warning");
  var countdown = document.getElementById("idle-countdown");
  var lastActivity = Date.now();
  var timer = null;

  function csrfToken() {
    var headers = JSON.parse(body.getAttribute("hx-headers") || "{}");
    return headers["X-CSRFToken"] || "";
  }

  function tick() {
    var left = Math.round(idle - (Date.now() - lastActivity) / 1000);
    // A little after the end, so the server has seen the session expire too.
    if (left <= -2) {
      window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(window.location.pathname));
      return;
    }
    if (left <= warnBefore) {
      countdown.textContent = String(Math.max(left, 0));
      if (!dialog.open) { dialog.showModal(); }
    }
    timer = window.setTimeout(tick, 1000);
  }

  function restart() {
    lastActivity = Date.now();
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(tick, 1000);
  }

  document.getElementById("idle-stay").addEventListener("click", function () {
    fetch(body.dataset.keepaliveUrl, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      if (response.ok) { dialog.close(); restart(); }
      else { window.location.assign(body.dataset.loginUrl); }
    });
  });
  // Requests the person makes through htmx count as activity on the server too.
  body.addEventListener("htmx:afterRequest", function (event) {
    var headers = (event.detail.requestConfig || {}).headers || {};
    if (headers["X-Tandem-Background"] !== "1") { restart(); }
  });
  restart();
})();
