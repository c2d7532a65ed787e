"""The web page in a real browser: headless Chromium (Debian's) driven by Playwright.

Playwright's own browser download cannot work on CI; ``.ci/run`` installs ``chromium`` and
``fonts-noto-cjk`` with apt-get. Every test also asserts that the page raised no
JavaScript error and logged no console error (a CSP violation is one).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.server_process import RunningServer, serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with serve() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (.ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Page:
    """A browser page that records JavaScript errors and console errors."""

    def __init__(self, browser: Any, base: str, **options: Any) -> None:
        self.context = browser.new_context(
            base_url=base,
            viewport={"width": 1000, "height": 720},
            locale=options.pop("locale", "en-GB"),
            **options,
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on(
            "console", lambda message: self.errors.append(message.text) if message.type == "error" else None
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any, server: RunningServer) -> Iterator[Any]:
    opened = Page(browser, server.url)
    yield opened.page
    opened.close()
    assert opened.errors == []


def test_results_appear_as_you_type_in_any_script(page: Any) -> None:
    page.goto("/")
    for query, expected in (("BAKI", "baku"), ("巴庫", "baku"), ("Бакы", "baku"), ("Москв", "moscow")):
        page.fill("#q", "")
        page.locator("#q").press_sequentially(query, delay=20)
        first = page.locator("#results li a").first
        first.locator(".id").wait_for()
        page.wait_for_function(
            "([id]) => document.querySelector('#results li a .id')?.textContent === id", arg=[expected]
        )
        assert page.locator("#status").inner_text().startswith("Found:")
    assert "q=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2" in page.url  # the address keeps the query


def test_keyboard_navigation_opens_a_concept_with_ruby_pinyin(page: Any) -> None:
    page.goto("/")
    page.locator("#q").press_sequentially("Bakı", delay=20)
    page.locator("#results li a").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/concepts/baku")
    assert page.locator("h1").inner_text() == "baku"
    readings = page.locator("td.term [lang='zh-Hans'] rt").all_inner_texts()
    assert readings == ["bā", "kù"]
    assert page.locator("td.term [lang='zh-Hans'] ruby").count() == 2


def test_paste_a_text_and_see_the_names_highlighted(page: Any) -> None:
    page.goto("/recognize")
    page.fill("#text", "Путин посетил Азербайджан и встретился с Алиевым в Баку.")
    page.select_option("#lang", "ru")
    page.click("button[type=submit]")
    marks = page.locator(".recognized a.hit")
    marks.first.wait_for()
    assert marks.locator("mark").all_inner_texts()[:2] == ["Путин", "Азербайджан"]
    assert marks.first.get_attribute("href") == "/concepts/vladimir-putin"
    marks.last.click()
    page.wait_for_url("**/concepts/baku")


def test_switch_the_interface_language(page: Any) -> None:
    page.goto("/?q=Baku")
    page.click("nav.switcher a[hreflang=zh]")
    page.wait_for_url("**hl=zh")
    assert page.locator("h1").inner_text() == "查找术语"
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert page.locator("label[for=q]").inner_text() == "任意语言或文字的名称"
    page.click("nav[aria-label] a[href^='/tm?']")  # the chosen language follows the links
    assert page.locator("h1").inner_text() == "翻译记忆库"
    page.goto("/")  # and is remembered
    assert page.locator("h1").inner_text() == "查找术语"
    page.click("nav.switcher a[hreflang=az]")
    assert page.locator("button[type=submit]").inner_text() == "Axtar"


def test_accept_language_chooses_the_interface(browser: Any, server: RunningServer) -> None:
    opened = Page(browser, server.url, locale="ru-RU")
    try:
        opened.page.goto("/")
        assert opened.page.locator("h1").inner_text() == "Поиск термина"
    finally:
        opened.close()
    assert opened.errors == []


def test_plain_search_works_without_javascript(browser: Any, server: RunningServer) -> None:
    opened = Page(browser, server.url, java_script_enabled=False)
    try:
        opened.page.goto("/")
        opened.page.fill("#q", "Бакы")
        opened.page.click("button[type=submit]")
        opened.page.wait_for_url("**q=*")
        assert opened.page.locator("#results li a .id").first.inner_text() == "baku"
    finally:
        opened.close()


def test_tm_and_concordance_highlight(page: Any) -> None:
    import termbase

    query = "2004年，俄罗斯总统普京正式访问阿塞拜疆，是阿塞拜疆独立以来访问的俄罗斯最高领导人；"
    best = termbase.open().memory.search(query, source="zh-Hans", target="en", min_score=50)[0]
    differs = [best.source[d.match_start : d.match_end] for d in best.diff if d.match_end > d.match_start]
    assert differs  # the stored segment's year is not 2004
    page.goto("/tm")
    page.fill("#q", query)
    page.select_option("#from", "zh-Hans")
    page.select_option("#to", "en")
    page.click("button[type=submit]")
    first = page.locator("table.tm tbody tr").first
    assert first.locator("td").first.inner_text() == f"{best.score}%"
    assert first.locator("mark").all_inner_texts() == differs
    page.goto("/tm/concordance")
    page.fill("#q", "巴库")
    page.click("button[type=submit]")
    assert set(page.locator(".hits mark").all_inner_texts()) == {"巴库"}


def test_every_control_has_a_label_and_focus_starts_at_the_skip_link(page: Any) -> None:
    for path in ("/", "/tm", "/tm/concordance", "/recognize", "/names"):
        page.goto(path)
        unlabelled = page.evaluate(
            "Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))"
            ".filter(e => e.labels.length === 0).map(e => e.id || e.name)"
        )
        assert unlabelled == [], path
        page.keyboard.press("Tab")
        if path != "/":  # the search page focuses its box on load
            assert page.evaluate("document.activeElement.className") == "skip"


def test_screenshot(page: Any, tmp_path: Path) -> None:
    """A screenshot of a search, saved under pytest's temporary folder (and, when
    ``TERMBASE_SCREENSHOT`` names a file, there too: the README's picture)."""
    page.goto("/")
    page.locator("#q").press_sequentially("巴庫", delay=20)
    page.locator("#results li a").first.wait_for()
    page.wait_for_function("document.fonts.status === 'loaded'")
    shot = tmp_path / "serve.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": 1000, "height": 560})
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    target = os.environ.get("TERMBASE_SCREENSHOT")
    if target:
        shutil.copyfile(shot, target)
