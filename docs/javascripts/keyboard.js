/*
 * Keyboard access to the header buttons on narrow screens (phones, or a desktop
 * zoomed to 200%). The theme opens the navigation drawer and the search with a
 * <label> for a hidden checkbox; a label cannot take the keyboard focus. Each
 * header label becomes a button with a name: Tab reaches it, Enter or Space
 * presses it. An opened drawer takes the focus to its first link; Escape closes
 * it and returns the focus to its button.
 */
(() => {
  "use strict";

  const NAMES = { __drawer: "打开导航菜单", __search: "打开搜索" };
  const SLIDE_MS = 300; // the drawer slides in for 250 ms

  function press(event, label) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.stopPropagation(); // the theme clicks a focused label on Enter too: once is enough
      label.click();
    }
  }

  /* The drawer shows the current section's panel above the others: the first link one can see. */
  function firstVisibleLink(drawer) {
    for (const link of drawer.querySelectorAll("a[href], label[tabindex]")) {
      const box = link.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      if (hit && link.contains(hit)) return link;
    }
    return null;
  }

  function followDrawer(toggle, label) {
    label.setAttribute("aria-expanded", String(toggle.checked));
    const drawer = document.querySelector(".md-sidebar--primary");
    if (toggle.checked && drawer) {
      window.setTimeout(() => firstVisibleLink(drawer)?.focus(), SLIDE_MS);
    }
  }

  function closeDrawerOnEscape(toggle, label) {
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.checked) {
        label.click();
        label.focus();
      }
    });
  }

  for (const label of document.querySelectorAll("label.md-header__button[for]")) {
    const toggle = document.getElementById(label.htmlFor);
    if (!toggle) continue;
    label.tabIndex = 0;
    label.setAttribute("role", "button");
    label.setAttribute("aria-label", NAMES[label.htmlFor] || label.htmlFor);
    label.addEventListener("keydown", (event) => press(event, label));
    if (label.htmlFor === "__drawer") {
      label.setAttribute("aria-expanded", "false");
      toggle.addEventListener("change", () => followDrawer(toggle, label));
      closeDrawerOnEscape(toggle, label);
    }
  }
})();
