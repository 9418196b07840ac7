// Progressive enhancement of the news filter's PPO field (publications/news_list.html): names
// suggested as one types, from the server (ppo:suggest). Without this script the typed name is
// found on the server when the form is sent, and several matches are offered as links.
document.addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("ppo-suggestions");
  const input = list && document.querySelector(`input[list="${list.id}"]`);
  if (!input) return;
  let timer = null;
  let asked = "";
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || text === asked) return;
    timer = setTimeout(async () => {
      asked = text;
      try {
        const url = `${list.dataset.suggestUrl}?q=${encodeURIComponent(text)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { results } = await response.json();
        list.replaceChildren(...results.map(({ name, detail }) => {
          const option = document.createElement("option");
          option.value = name;
          option.label = detail;
          return option;
        }));
      } catch {
        // No suggestions: the field still works as plain text.
      }
    }, 200);
  });
});
