import { h } from "../dom.js";

/**
 * Asks before erasing, in a modal dialog (keyboard: focus starts on Cancel, Escape cancels). Erasure
 * cannot be undone, so the safe button is the default.
 */
export function confirmErase(customerId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h("button", { type: "button", value: "cancel" }, "Cancel");
    const erase = h("button", { type: "button", class: "danger", value: "erase" }, "Erase");
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "erase-title", "aria-describedby": "erase-text" },
      h("h2", { id: "erase-title" }, `Erase ${customerId}?`),
      h(
        "p",
        { id: "erase-text" },
        "This erases the profile, history, offer list and preferences. Events already on the stream cannot bring them back. It cannot be undone.",
      ),
      h("div", { class: "actions" }, cancel, erase),
    );
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener("click", () => done(false));
    erase.addEventListener("click", () => done(true));
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
