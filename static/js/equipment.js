// The act of transfer: the «Печать» button opens the browser's print dialog.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
