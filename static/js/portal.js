// Progressive enhancements; every page works without them.
// Large-text mode is remembered in localStorage, so no cookie is needed.
(function () {
  "use strict";
  var KEY = "portal-large-text";
  var root = document.documentElement;
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function apply(on) {
    root.classList.toggle("large-text", on);
    document.querySelectorAll("[data-large-text-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    apply(stored());
    document.querySelectorAll("[data-large-text-toggle]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains("large-text");
        try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
        apply(on);
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
