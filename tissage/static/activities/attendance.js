// The attendance sheet: the running total of participants, and "tick everyone present".
// Without JavaScript the sheet works the same; only the total waits for the save.
(function () {
  "use strict";
  function setup() {
    var form = document.getElementById("attendance-form");
    if (!form) return;
    var total = document.getElementById("attendance-total");
    function present() {
      return form.querySelectorAll("input[type=checkbox][name^='present_']");
    }
    function update() {
      var count = 0;
      present().forEach(function (box) { if (box.checked) count += 1; });
      var anonymous = parseInt(form.elements["anonymous_count"].value, 10);
      if (!isNaN(anonymous) && anonymous > 0) count += anonymous;
      total.textContent = String(count);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    var all = form.querySelector("[data-all-present]");
    if (all) {
      all.addEventListener("click", function () {
        present().forEach(function (box) { box.checked = true; });
        update();
      });
    }
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
