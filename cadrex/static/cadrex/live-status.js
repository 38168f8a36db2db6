// Self-refreshing areas (htmx polling, live search) speak through a polite live region
// (WCAG 4.1.3). An area marked data-live-status="<id of a role=status element>" lists its
// state in [data-live-item] elements; after each htmx swap the items that changed are read
// out, once. Re-rendering the same state every few seconds announces nothing.
(function () {
  "use strict";
  var before = {};

  function items(area) {
    return Array.prototype.map.call(area.querySelectorAll("[data-live-item]"), function (e) {
      return e.textContent.replace(/\s+/g, " ").trim();
    });
  }

  function look(announce) {
    document.querySelectorAll("[data-live-status]").forEach(function (area) {
      var id = area.getAttribute("data-live-status");
      var region = document.getElementById(id);
      var now = items(area);
      var old = before[id] || [];
      var changed = now.filter(function (text) { return old.indexOf(text) < 0; });
      before[id] = now;
      if (announce && region && changed.length) region.textContent = changed.join("；");
    });
  }

  look(false);
  // On the body: an outerHTML swap replaces the element it targets.
  document.body.addEventListener("htmx:afterSettle", function () { look(true); });
})();
