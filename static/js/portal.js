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
    // On a phone the filters would stand above the results: folded, the results are
    // seen first, and the filters are one tap away.
    if (window.matchMedia("(max-width: 49.99rem)").matches) {
      document.querySelectorAll("[data-fold-on-small-screens]").forEach(function (panel) {
        panel.open = false;
      });
    }
    // A chart runs from the oldest result to the newest: show the newest first.
    document.querySelectorAll(".chart").forEach(function (chart) {
      chart.scrollLeft = chart.scrollWidth;
    });
  });
})();
