/* The packet site's filter (site/filter.js): shows the requirements of one status and/or
   one framework. No fetch, no storage, no external code; it only hides table rows. The
   filter can be preset from the page address: requirements.html?framework=ID&status=gap */
(function () {
  "use strict";

  function setup() {
    var form = document.getElementById("filter");
    if (!form) {
      return;
    }
    var status = document.getElementById("filter-status");
    var framework = document.getElementById("filter-framework");
    var count = document.getElementById("filter-count");
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-status]"));
    var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-framework]"));

    function choose(select, value) {
      for (var i = 0; i < select.options.length; i += 1) {
        if (select.options[i].value === value) {
          select.value = value;
          return;
        }
      }
    }

    function apply() {
      var s = status.value;
      var f = framework.value;
      var shown = 0;
      rows.forEach(function (row) {
        var visible = (!s || row.getAttribute("data-status") === s) &&
          (!f || row.getAttribute("data-framework") === f);
        row.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector("tr[data-status]:not([hidden])");
      });
      count.textContent = shown + " of " + rows.length + " requirements shown.";
    }

    var params = new URLSearchParams(window.location.search);
    choose(status, params.get("status") || "");
    choose(framework, params.get("framework") || "");
    status.addEventListener("change", apply);
    framework.addEventListener("change", apply);
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
}());
