// cseckg pages: the language switch (search in the browser for the static site: search.js).
// Everything works without this script; it only filters what is already on the page.
(function () {
  "use strict";

  function setLanguage(lang) {
    document.querySelectorAll("[data-set-lang]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.setLang === lang));
    });
    document.querySelectorAll("h1 [data-lang]").forEach(function (el) {
      el.hidden = el.dataset.lang !== (lang || document.documentElement.dataset.firstLang);
    });
    document.querySelectorAll("article.definition[data-lang], tr[data-lang]").forEach(function (el) {
      el.hidden = Boolean(lang) && el.dataset.lang !== lang;
    });
  }

  function initLanguages() {
    var buttons = document.querySelectorAll("[data-set-lang]");
    if (!buttons.length) return;
    document.documentElement.dataset.firstLang = buttons[0].dataset.setLang;
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { setLanguage(button.dataset.setLang); });
    });
    var wanted = new URLSearchParams(window.location.search).get("lang");
    if (wanted) setLanguage(wanted);
  }

  initLanguages();
})();
