/* Wumei's page behaviour, loaded on every page before Alpine.
   The Content-Security-Policy forbids inline script (no <script> blocks, no onclick=…, no eval), so:
   - small behaviours are declared with data- attributes and wired here by event delegation:
       <form data-confirm="确定撤销？">   asks before submitting;
       <select data-autosubmit>         submits its form when changed;
       <button data-print>              prints the page;
       <div data-width="73">            sets the element's width to 73% (progress bars; inline style= is refused);
   - Alpine components whose logic is more than the CSP build evaluates (it has no arrow functions and no
     globals) are registered here with Alpine.data and named in x-data. */
(function () {
  "use strict";

  document.addEventListener("alpine:init", function () {
    var Alpine = window.Alpine;

    // The navigation's drop-down menus (每旬必督, 管理): open on click, close on a click elsewhere or Esc.
    Alpine.data("menu", function () {
      return {
        open: false,
        toggle: function () { this.open = !this.open; },
        close: function () { this.open = false; }
      };
    });

    // 编辑时间进度表: "添加节点" appends a blank formset row from <template x-ref="blank">.
    Alpine.data("milestones", function () {
      return {
        add: function () {
          var total = this.$root.querySelector("#id_m-TOTAL_FORMS");
          var html = this.$refs.blank.innerHTML.split("__prefix__").join(total.value);
          this.$refs.rows.insertAdjacentHTML("beforeend", html);
          total.value = Number(total.value) + 1;
          this.$refs.rows.lastElementChild.querySelector("input").focus();
        }
      };
    });

    // 现场照片: the names of the files chosen from the camera and from the album.
    Alpine.data("photoPicker", function () {
      function names(files) {
        return Array.prototype.map.call(files || [], function (file) { return file.name; });
      }
      return {
        camera: [],
        album: [],
        pickCamera: function (event) { this.camera = names(event.target.files); },
        pickAlbum: function (event) { this.album = names(event.target.files); },
        get chosen() { return this.camera.concat(this.album); }
      };
    });
  });

  // Capture phase: the question comes before any other submit handler (htmx's included).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      if (field.form.requestSubmit) {
        field.form.requestSubmit();
      } else {
        field.form.submit();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  function applyWidths(root) {
    var bars = root.querySelectorAll ? root.querySelectorAll("[data-width]") : [];
    Array.prototype.forEach.call(bars, function (bar) {
      var percent = Math.max(0, Math.min(100, Number(bar.getAttribute("data-width")) || 0));
      bar.style.width = percent + "%";  // CSSOM: allowed by style-src 'self', unlike a style= attribute
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  } else {
    applyWidths(document);
  }
  // Content swapped in by htmx.
  document.addEventListener("htmx:load", function (event) { applyWidths(event.target); });
})();
