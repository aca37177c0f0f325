// Applies the saved theme before the first paint (a file, not an inline script: the page's
// Content-Security-Policy allows scripts from the app's own origin only).
(function () {
  var saved = "system";
  try {
    saved = localStorage.getItem("sift.theme") || "system";
  } catch (e) {
    saved = "system";
  }
  var dark =
    saved === "dark" || (saved === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
})();
