"""The static site's search box in headless Chromium (Debian's chromium and chromium-driver,
like ``tests/test_browser.py``): ``cseckg site`` output served on loopback, no cseckg server.
The browser ranks with the prebuilt index (``search-index.json``, ``static/search.js``): every
relevance judgement it can answer (no typo correction, no instrument filter in the browser)
finds its expected result in the first 3, as the server does."""

from __future__ import annotations

import pytest

from cseckg import api

from . import relevance
from .static_server import serving
from .test_browser import ARTIFACTS, _errors, browser  # noqa: F401 (fixture)

BROWSER_JUDGEMENTS = [
    j for j in relevance.load() if j.kind != "typo" and set(j.filters) <= {"kind", "lang"}
]


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("static") / "site"
    api.build_site(out)
    with serving(out) as url:
        yield url


def _results(driver, url: str, query: str) -> list:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{url}/search?q={query}")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "static-status").text.strip())
    return driver.find_elements(By.CSS_SELECTOR, "#static-hits > li")


def test_static_search_ranks_and_highlights_without_a_server(static_site, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    hits = _results(browser, static_site, "remunerated")
    browser.save_screenshot(str(ARTIFACTS / "09-static-search.png"))
    status = browser.find_element(By.ID, "static-status").text
    assert status.split()[0].isdigit() and "for “remunerated”" in status
    links = [h.find_element(By.TAG_NAME, "a").get_attribute("href") for h in hits[:3]]
    assert any(link.endswith("/definition/opsc-art-2-b") for link in links)
    marks = {m.text for m in browser.find_elements(By.CSS_SELECTOR, "#static-hits mark")}
    assert "remuneration" in marks and marks <= {"remuneration", "rémunération"}  # en, fr stems
    assert browser.find_element(By.ID, "static-note").is_displayed()
    assert _errors(browser) == []


def test_static_search_reports_bad_syntax(static_site, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    assert _results(browser, static_site, "%22sale+of") == []
    status = browser.find_element(By.ID, "static-status")
    assert status.text == 'bad query: a quotation mark is not closed: write "sale of children"'
    assert status.get_attribute("role") == "alert"


def test_static_search_meets_the_relevance_judgements(static_site, browser):  # noqa: F811
    _results(browser, static_site, "child")
    missed = []
    for judgement in BROWSER_JUDGEMENTS:
        found = browser.execute_script(
            "return window.cseckgSearch(arguments[0], arguments[1])",
            judgement.query,
            judgement.filters,
        )
        if not relevance.rank(found[: relevance.TOP], judgement):
            missed.append((judgement.id, found[: relevance.TOP]))
    assert len(BROWSER_JUDGEMENTS) >= 40
    assert missed == []
