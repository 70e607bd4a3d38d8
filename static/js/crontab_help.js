// The periodic task form reads its crontab in words under the crontab field, as
// django-celery-beat's own inline script does.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("readable-crontabs");
    var select = document.getElementById("id_crontab");
    var help = document.querySelector(".field-crontab .help");
    var translation = document.querySelector(".field-crontab_translation");
    if (!data || !select) {
      return;
    }
    var readable = JSON.parse(data.textContent);
    var original = document.getElementById("crontab-help").dataset.help || "";
    if (translation) {
      translation.hidden = true;
    }
    select.addEventListener("change", function () {
      if (!help) {
        return;
      }
      help.textContent = original;
      if (readable[select.value]) {
        help.appendChild(document.createElement("br"));
        help.appendChild(document.createTextNode("Translation: " + readable[select.value]));
      }
    });
  });
})();
