"""Headless Chromium (the distribution's package, never a downloaded browser) driven by Playwright."""

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    """Launch a browser for one test.

    Playwright's sync API keeps an event loop running in this thread while it is open, so
    Django's async-safety guard is lifted only for as long as the browser runs (a process-wide
    setting would leak into the subprocesses other tests start).
    """
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if CHROMIUM is None:
        pytest.fail(
            "Chromium is not installed: run scripts/ensure-chromium.sh (`make test` runs it), "
            "which installs Debian's chromium package or names the command to run."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # A whole page, unless it is very long (ReDoc's full reference takes many seconds to shoot).
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=height <= 4000)
    context.close()
