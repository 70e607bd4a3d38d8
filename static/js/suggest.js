// Progressive enhancement: offer product titles and brands in the search box's datalist.
(function () {
  "use strict";
  var input = document.getElementById("site-search");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var endpoint = input.getAttribute("data-suggest");
  var timer = null;
  var last = "";

  function show(answer) {
    list.textContent = "";
    answer.titles.concat(answer.brands.map(function (brand) { return { title: brand }; }))
      .forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.title;
        list.appendChild(option);
      });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (query.length < 2 || query === last) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      last = query;
      fetch(endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) { if (answer && answer.query === query) { show(answer); } })
        .catch(function () { /* suggestions are optional; the search still works */ });
    }, 150);
  });
})();
