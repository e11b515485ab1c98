// The header's Menu button is a <details>, so it opens and closes without this script. With it,
// Escape closes the open menu and puts focus back on the button, as people expect of a menu.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const menu = document.querySelector("details.site-menu[open]");
  if (!menu || !menu.contains(document.activeElement)) {
    return;
  }
  menu.open = false;
  menu.querySelector("summary").focus();
});

// Menu's badge is the sum of the unread badges folded inside it, which live.js keeps current.
const menuBadge = document.getElementById("menu-unread-count");
const foldedBadges = ["unread-count", "chat-unread-count"]
  .map((id) => document.getElementById(id))
  .filter(Boolean);
if (menuBadge && foldedBadges.length) {
  const showSum = () => {
    const sum = foldedBadges.reduce(
      (total, badge) => total + (parseInt(badge.textContent, 10) || 0),
      0,
    );
    menuBadge.querySelector(".menu-unread-number").textContent = String(sum);
    menuBadge.hidden = sum === 0;
  };
  const watcher = new MutationObserver(showSum);
  foldedBadges.forEach((badge) =>
    watcher.observe(badge, { childList: true, characterData: true, subtree: true }),
  );
}
