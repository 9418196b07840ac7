// Progressive enhancement of the navigation (partials/nav.html). Without this script the menu
// is shown expanded on phones and the <details> menus open and close by themselves.
document.documentElement.classList.replace("no-js", "js");

document.addEventListener("DOMContentLoaded", () => {
  const menus = Array.from(document.querySelectorAll("details.nav-dropdown"));
  const closeAll = (except) => menus.forEach((menu) => { if (menu !== except) menu.open = false; });
  menus.forEach((menu) => menu.addEventListener("toggle", () => { if (menu.open) closeAll(menu); }));
  document.addEventListener("click", (event) => {
    if (!event.target.closest("details.nav-dropdown")) closeAll(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = menus.find((menu) => menu.open);
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
});

// The cabinet's sections on a phone are a sideways strip: bring the current one into view.
document.addEventListener("DOMContentLoaded", () => {
  const strip = document.querySelector(".cabinet-nav");
  const active = strip && strip.querySelector(".nav-link.active");
  if (active && strip.scrollWidth > strip.clientWidth) {
    strip.scrollLeft = active.offsetLeft - strip.offsetLeft - 16;
  }
});
