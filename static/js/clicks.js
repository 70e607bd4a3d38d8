// Reports a followed Amazon link to the site, which counts it per product and day.
// The link itself is never changed: it goes straight to Amazon, and the report travels
// with navigator.sendBeacon, which the browser delivers even as the page is left.
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = script && script.getAttribute("data-beacon");
  if (!endpoint || !navigator.sendBeacon) { return; }

  function report(event) {
    // Primary button (click, Enter on a focused link) or the middle button (new tab).
    if (event.button !== 0 && event.button !== 1) { return; }
    var link = event.target.closest && event.target.closest("a[data-asin][data-marketplace]");
    if (!link) { return; }
    var fields = new URLSearchParams();
    fields.set("marketplace", link.getAttribute("data-marketplace"));
    fields.set("asin", link.getAttribute("data-asin"));
    var collection = link.getAttribute("data-collection");
    if (collection) { fields.set("collection", collection); }
    navigator.sendBeacon(endpoint, fields);
  }

  document.addEventListener("click", report, true);
  // Middle-clicks fire auxclick, not click.
  document.addEventListener("auxclick", report, true);
})();
