// The staff rating page while a computation runs (reports/rating_preview.html): the progress
// bar follows the background job through its JSON endpoint, and the page reloads to show the
// result once it is done. Without this script the page refreshes itself (<noscript> meta).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("rating-progress-box");
  if (!box) return;
  const bar = document.getElementById("rating-progress");
  const text = document.getElementById("rating-progress-text");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const progress = await response.json();
        if (!progress.running) {
          window.location.reload();
          return;
        }
        bar.value = progress.percent;
        bar.textContent = `${progress.percent} %`;
        if (progress.total) {
          const stage = progress.stage ? ` — ${progress.stage}` : "";
          const steps = box.dataset.steps
            .replace("{done}", progress.done)
            .replace("{total}", progress.total);
          text.textContent = `${steps}${stage}`;
        }
      }
    } catch {
      // A missed poll is retried on the next tick.
    }
    setTimeout(poll, 1500);
  };
  setTimeout(poll, 1500);
});
