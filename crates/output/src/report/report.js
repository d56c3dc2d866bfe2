"use strict";
(function () {
  var box = document.getElementById("doc-filter");
  var docs = Array.prototype.slice.call(document.querySelectorAll("details.doc"));
  var count = document.getElementById("doc-count");
  function filter() {
    var q = box.value.trim().toLowerCase();
    var shown = 0;
    docs.forEach(function (d) {
      var hit = q === "" || d.dataset.search.indexOf(q) !== -1;
      d.hidden = !hit;
      if (hit) shown += 1;
    });
    count.textContent = String(shown);
  }
  if (box) {
    box.addEventListener("input", filter);
    filter();
  }
  // A figure's link opens its document.
  Array.prototype.forEach.call(document.querySelectorAll("a.doc-link"), function (a) {
    a.addEventListener("click", function () {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (target) target.open = true;
    });
  });
  document.body.dataset.ready = "1";
})();
