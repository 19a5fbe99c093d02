"""Headless Chromium (Debian's chromium and chromium-driver, driven by Selenium) on a real
``cseckg serve``: the index, a concept, its definition, provision and instrument, the search box
and the language switch, with no console errors; screenshots go to ``artifacts/browser/``.
Without Chromium these tests skip, or fail when ``CI`` is set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT
from .server_process import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "artifacts" / "browser"


def _require_browser() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).is_file()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip)")
    if missing:
        message = (
            f"browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
        "--no-proxy-server",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def _errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _arrive(driver, path: str) -> None:
    """Wait (up to 10 s) until the browser shows a page under ``path``, loaded: a form sent with
    the Enter key navigates after ``send_keys`` has returned."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(
        lambda d: (
            path in d.current_url and d.execute_script("return document.readyState") == "complete"
        )
    )


def _click(driver, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.PARTIAL_LINK_TEXT, text).click()


def test_follow_a_concept_to_its_sources(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    assert "cseckg" in browser.title
    browser.save_screenshot(str(ARTIFACTS / "01-index.png"))
    _click(browser, "Concepts")
    browser.find_element(By.CSS_SELECTOR, "nav.tree a[href='/concept/child']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "child"
    browser.save_screenshot(str(ARTIFACTS / "02-concept.png"))
    browser.find_element(
        By.CSS_SELECTOR, "article.definition h3 a[href='/definition/crc-art-1']"
    ).click()
    assert "/definition/crc-art-1" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "blockquote").text.startswith("For the purposes")
    browser.save_screenshot(str(ARTIFACTS / "03-definition.png"))
    browser.find_element(By.CSS_SELECTOR, "dl.facts a[href='/instrument/crc/art-1']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "CRC art. 1"
    browser.save_screenshot(str(ARTIFACTS / "04-provision.png"))
    browser.find_element(By.CSS_SELECTOR, "dl.facts a[href='/instrument/crc']").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Convention on the Rights of the Child"
    browser.save_screenshot(str(ARTIFACTS / "05-instrument.png"))
    assert _errors(browser) == []


def test_search_box_and_language_switch(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/instruments")
    box = browser.find_element(By.ID, "q")
    box.send_keys("child pornography", Keys.ENTER)
    _arrive(browser, "/search")
    browser.save_screenshot(str(ARTIFACTS / "06-search.png"))
    _click(browser, "child sexual abuse material")
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text == "child sexual abuse material"
    browser.find_element(By.CSS_SELECTOR, "button[data-set-lang='de']").click()
    assert heading.text != "child sexual abuse material" and heading.text
    pressed = browser.find_element(By.CSS_SELECTOR, "button[data-set-lang='de']")
    assert pressed.get_attribute("aria-pressed") == "true"
    shown = [
        a for a in browser.find_elements(By.CSS_SELECTOR, "article.definition") if a.is_displayed()
    ]
    assert shown and all(a.get_attribute("data-lang") == "de" for a in shown)
    browser.save_screenshot(str(ARTIFACTS / "07-language-de.png"))
    assert _errors(browser) == []


def test_keyboard_reaches_the_skip_link_and_a_phone_sized_window_has_no_sideways_scroll(
    server, browser
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server.url + "/concept/child")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    browser.set_window_size(390, 844)
    try:
        browser.get(server.url + "/concept/child")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        browser.save_screenshot(str(ARTIFACTS / "08-phone.png"))
        assert overflow <= 1
    finally:
        browser.set_window_size(1280, 1000)
    assert _errors(browser) == []
