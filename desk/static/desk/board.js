// The board's drag and drop and keyboard moves. Every move is a POST to the same view as
// the detail page's buttons; the server decides, and a refused card goes back where it was.
(() => {
  "use strict";

  const dialog = document.getElementById("move-dialog");
  const toastBox = document.getElementById("board-toast");
  let dragged = null;
  let pending = null; // {card, to} while the dialog is open

  const board = () => document.getElementById("board");
  const moves = () => JSON.parse(document.getElementById("board-moves").textContent);
  const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const cardsOf = (stage) =>
    board().querySelector(`.board-column[data-stage="${CSS.escape(stage)}"] .board-cards`);

  function toast(message, kind) {
    toastBox.textContent = message;
    toastBox.className = `toast ${kind}`;
    toastBox.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { toastBox.hidden = true; }, 6000);
  }

  function adjustCount(stage, delta) {
    const count = board().querySelector(
      `.board-column[data-stage="${CSS.escape(stage)}"] [data-count]`);
    if (count) count.textContent = String(Number(count.textContent) + delta);
  }

  function syncEmptyNotes() {
    for (const column of board().querySelectorAll(".board-cards")) {
      const note = column.querySelector(".board-empty");
      if (note) note.hidden = column.querySelector(".board-card") !== null;
    }
  }

  async function send(card, to, reason) {
    const from = card.dataset.stage;
    const home = card.parentElement;
    const nextSibling = card.nextSibling;
    cardsOf(to).prepend(card);
    syncEmptyNotes();
    card.classList.add("moving");
    let result;
    try {
      const response = await fetch(card.dataset.moveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
          "X-CSRFToken": csrfToken(),
        },
        body: new URLSearchParams({ to, seen_stage: from, reason }),
      });
      result = await response.json();
    } catch (error) {
      result = { ok: false, message: board().dataset.networkError };
    }
    card.classList.remove("moving");
    if (result.ok) {
      card.dataset.stage = result.stage;
      adjustCount(from, -1);
      adjustCount(to, +1);
      toast(result.message, "success");
    } else {
      home.insertBefore(card, nextSibling);
      syncEmptyNotes();
      card.classList.add("refused");
      setTimeout(() => card.classList.remove("refused"), 1200);
      toast(result.message, "error");
    }
    card.focus();
  }

  function requestMove(card, to) {
    if (to === card.dataset.stage) return;
    const rule = (moves()[card.dataset.stage] || {})[to];
    if (rule && rule.decision) {
      window.location.assign(`${card.dataset.decideUrl}?outcome=${rule.decision}`);
    } else if (rule && rule.reason) {
      openDialog(card, to);
    } else {
      send(card, to, "");
    }
  }

  function openDialog(card, preselected) {
    const options = moves()[card.dataset.stage] || {};
    const targets = dialog.querySelector("#move-targets");
    const none = dialog.querySelector("#move-none");
    const help = dialog.querySelector("#move-reason-help");
    dialog.querySelector("[data-reference]").textContent = card.dataset.reference;
    targets.replaceChildren();
    const keys = Object.keys(options);
    keys.forEach((key, index) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "move-target";
      input.value = key;
      input.checked = preselected ? key === preselected : index === 0;
      label.append(input, ` ${options[key].label}${options[key].reason ? " *" : ""}`);
      targets.append(label);
    });
    none.hidden = keys.length > 0;
    none.textContent = board().dataset.noMoves;
    help.textContent = board().dataset.reasonRequired;
    dialog.querySelector("#move-submit").disabled = keys.length === 0;
    dialog.querySelector("#move-reason").value = "";
    pending = { card };
    dialog.showModal();
    const first = targets.querySelector("input:checked") || dialog.querySelector("button");
    first.focus();
  }

  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "move" || !pending) { pending = null; return; }
    const choice = dialog.querySelector("input[name=move-target]:checked");
    const reason = dialog.querySelector("#move-reason").value;
    const { card } = pending;
    pending = null;
    if (!choice) return;
    const rule = (moves()[card.dataset.stage] || {})[choice.value];
    if (rule && rule.decision) {
      window.location.assign(`${card.dataset.decideUrl}?outcome=${rule.decision}`);
    } else {
      send(card, choice.value, reason);
    }
  });

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".board-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.setData("text/plain", card.dataset.reference);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    for (const column of document.querySelectorAll(".board-column.drop-target")) {
      column.classList.remove("drop-target");
    }
  });

  document.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    for (const other of document.querySelectorAll(".board-column.drop-target")) {
      if (other !== column) other.classList.remove("drop-target");
    }
    column.classList.add("drop-target");
  });

  document.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    const card = dragged;
    dragged = null;
    card.classList.remove("dragging");
    requestMove(card, column.dataset.stage);
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-move]");
    if (button) openDialog(button.closest(".board-card"));
  });

  document.addEventListener("keydown", (event) => {
    const card = event.target.closest && event.target.closest(".board-card");
    if (!card || event.target !== card) return;
    if (event.key === "m" || event.key === "M") {
      event.preventDefault();
      openDialog(card);
    } else if (event.key === "Enter") {
      card.querySelector("a.ref").click();
    }
  });
})();
