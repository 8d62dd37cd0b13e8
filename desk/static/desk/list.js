// The complaint list: "select all on this page", how many are ticked, and only the fields
// of the chosen bulk action. Without this script every field shows and the form still works.
(function () {
  "use strict";

  function boxes(form) {
    return Array.from(form.querySelectorAll('input[type=checkbox][name=complaint]'));
  }

  function updateCount(form) {
    const all = boxes(form);
    const ticked = all.filter((box) => box.checked).length;
    const selectPage = form.querySelector("#select-page");
    if (selectPage) {
      selectPage.checked = ticked > 0 && ticked === all.length;
      selectPage.indeterminate = ticked > 0 && ticked < all.length;
    }
    const count = form.querySelector("[data-selected-count]");
    if (count) {
      count.textContent = ticked ? `${ticked} / ${all.length}` : "";
    }
  }

  function showActionFields(form) {
    const action = form.querySelector("select[name='bulk-action']");
    if (!action) return;
    form.querySelectorAll(".bulk-field[data-for]").forEach((field) => {
      field.hidden = field.dataset.for !== action.value;
    });
  }

  function init() {
    const form = document.getElementById("bulk-form");
    if (!form) return;
    const selectPage = form.querySelector("#select-page");
    if (selectPage) selectPage.hidden = false;
    showActionFields(form);
    updateCount(form);
  }

  document.addEventListener("change", (event) => {
    const form = event.target.closest("#bulk-form");
    if (!form) return;
    if (event.target.id === "select-page") {
      boxes(form).forEach((box) => {
        box.checked = event.target.checked;
      });
    }
    if (event.target.name === "bulk-action") showActionFields(form);
    updateCount(form);
  });
  document.addEventListener("htmx:afterSwap", init);
  init();
})();
