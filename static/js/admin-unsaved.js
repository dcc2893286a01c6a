// The meeting form asks before it is left with changes unsaved: following a report's
// "Enter the results" link, going back or closing the tab would lose them.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("#content-main form");
    if (!form) { return; }
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (changed) {
        event.preventDefault();
        event.returnValue = "";  // older browsers ask only when this is set
      }
    });
  });
})();
