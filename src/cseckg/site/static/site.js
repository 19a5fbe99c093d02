// cseckg pages: the language switch, and search in the browser for the static copy of the site.
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

  function normalise(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function staticSearch() {
    var list = document.getElementById("static-hits");
    if (!list || document.body.dataset.server === "yes") return;
    var wanted = normalise(new URLSearchParams(window.location.search).get("q") || "");
    if (!wanted) return;
    fetch("/search-index.json").then(function (r) { return r.json(); }).then(function (index) {
      index.filter(function (e) { return e.key.indexOf(wanted) !== -1; }).slice(0, 50).forEach(function (e) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = e.path; link.textContent = e.label; item.appendChild(link); list.appendChild(item);
      });
      list.hidden = false;
    }).catch(function () { list.hidden = true; });
  }

  initLanguages();
  staticSearch();
})();
