"""A headless Chromium, driven by Playwright, against pytest-django's live server.

Debian's Chromium is used (Playwright's own browser download is not available here). Without
it the browser tests are skipped, unless REKLAMO_REQUIRE_BROWSER=1 (set by CI) makes that a
failure: a browser suite that silently skips proves nothing.
"""

import os
import re
import shutil

import pytest

from conftest import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def browser_unavailable(reason):
    if os.environ.get("REKLAMO_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"{reason}, and REKLAMO_REQUIRE_BROWSER=1 requires the browser tests", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_executable():
    path = shutil.which("chromium")
    if path is None:
        browser_unavailable("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """Chromium for one test module.

    Playwright's sync API keeps an event loop running in this thread, and Django refuses
    database queries from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE says it is safe.
    Both last only as long as the module: the tests after it get Django's check back, and
    subprocesses they start (`manage.py check --deploy`) do not inherit the variable.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("Playwright is not installed (uv sync installs the dev group)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a MEDIA_URL it can parse.

    Django's LiveServerThread always wraps the site in a handler for MEDIA_URL, and the
    settings' MEDIA_URL = None (uploads are only served through a permission-checking view)
    makes that handler fail every request with a TypeError. Under this prefix it serves the
    test's private MEDIA_ROOT, which no page links to.
    """
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(MEDIA_URL="/__live-server-media__/"):
        server = LiveServer(address)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def browser_settings(settings, tmp_path):
    """Settings for the live server: plain static files, private media, no rate limit."""
    from django.core.cache import cache

    # The manifest storage needs collectstatic; the live server serves from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1000
    cache.clear()


@pytest.fixture
def shipped_checklist(transactional_db):
    """The verification checklist the migrations ship; the flush after each live-server test
    empties that table with the others."""
    from workflow.defaults import create_default_checklist
    from workflow.models import ChecklistItem

    create_default_checklist(ChecklistItem)


class PageProblems:
    """What went wrong in a page: CSP violations, script errors, static files that failed."""

    # Chromium reports a blocked resource or inline code as a console error naming the CSP;
    # the init script below reports securitypolicyviolation events the same way.
    REPORT_VIOLATIONS = """
        document.addEventListener("securitypolicyviolation", (event) => {
            console.error(`Content Security Policy violation: ${event.violatedDirective} `
                          + `blocked ${event.blockedURI || "inline code"}`);
        });
    """

    def __init__(self, page):
        self.csp = []
        self.errors = []
        page.add_init_script(self.REPORT_VIOLATIONS)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("response", self.on_response)
        self.page = page

    def on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp.append(f"{self.page.url}: {message.text}")

    def on_response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.errors.append(f"{response.url} answered {response.status}")

    @property
    def all(self):
        return self.csp + self.errors


@pytest.fixture
def open_page(browser, live_server, transactional_db):
    """Open a page in a fresh browser context; its CSP violations and errors fail the test.

    Keyword arguments go to browser.new_context (viewport, locale...). The page has
    `.problems` (a PageProblems) for tests that check them as they go.
    """
    contexts = []

    def _open(**options):
        context = browser.new_context(
            **{"base_url": live_server.url, "viewport": DESKTOP, "locale": "en-GB", **options}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        return page

    yield _open
    problems = [
        problem for context in contexts for page in context.pages for problem in page.problems.all
    ]
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def page(open_page):
    return open_page()


def sign_in(page, user, password=PASSWORD):
    """Sign in through the login form; ends on the desk list."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/desk/$"))


def image_width(image):
    """The natural width of an <img> once it has loaded (a lazy one is scrolled to first, so
    that it starts loading); 0 when it fails to load."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(resolve => {
            img.addEventListener("load", () => resolve(img.naturalWidth));
            img.addEventListener("error", () => resolve(0));
        })"""
    )
