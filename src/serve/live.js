// tsunagu serve: reloads this page when a new build changes it, and closes the error
// overlay with its button or Esc. Injected by the preview server only, never by `build`.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = (me && me.getAttribute("data-build")) || "";
  var delay = 0;
  if (!build) return;

  function closeOverlay() {
    var o = document.getElementById("tsunagu-overlay");
    if (!o) return false;
    var hadFocus = o.contains(document.activeElement);
    o.parentNode.removeChild(o);
    if (hadFocus) {
      var main = document.getElementById("main") || document.body;
      if (main && main.focus) main.focus();
    }
    return true;
  }

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t && t.closest && t.closest("[data-tsunagu-close]")) closeOverlay();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") {
      if (closeOverlay()) e.preventDefault();
    }
  });

  function poll() {
    var url = "/__tsunagu/events?since=" + encodeURIComponent(build) +
      "&path=" + encodeURIComponent(location.pathname);
    fetch(url, { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      })
      .then(function (answer) {
        delay = 0;
        if (answer.trim() === "reload") {
          location.reload();
        } else {
          setTimeout(poll, 0);
        }
      })
      .catch(function () {
        // The server is restarting or was stopped: ask again, less and less often.
        delay = Math.min(delay ? delay * 2 : 500, 5000);
        setTimeout(poll, delay);
      });
  }
  poll();
})();
