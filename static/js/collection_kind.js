// The collection form shows the sections of the chosen kind only: the rule for a rule
// collection, the hand-picked products otherwise. Without this script both show.
(function () {
  "use strict";

  function showKind(kind) {
    document.querySelectorAll(".kind-rule, .kind-manual").forEach(function (section) {
      section.hidden = !section.classList.contains("kind-" + kind);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_kind");
    if (!select) {
      return;
    }
    showKind(select.value);
    select.addEventListener("change", function () {
      showKind(select.value);
    });
  });
})();
