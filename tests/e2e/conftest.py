"""Fixtures for the browser tests: Debian's Chromium, an offline browser context, the running app.

- ``chromium_path``: the Chromium binary; the tests skip without it, except under ``CI=true``, where
  a missing browser is a failure (``make test`` installs Debian's ``chromium``).
- ``browser``: Playwright's Chromium launched from that binary (no ``playwright install``: no network).
- ``offline_context``: a new context that aborts every request not to 127.0.0.1/localhost and records
  it in ``context.blocked``, so a test can assert that nothing tried to leave the machine.
- ``app_url``: ``streamlit run app.py`` on a free port, started once per session, ready when
  ``/_stcore/health`` answers (polled, no fixed sleep), stopped at the end.
- ``page``: a page in the offline context whose console errors and page errors fail the test.

Every wait of every test has one ceiling, ``pagekit.TIMEOUT``: Playwright's default for actions and for
``expect`` is set to it here, so no test relies on a few seconds.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
INLINE_SCHEMES = ("data:", "blob:", "about:", "file:")
LAPTOP = {"width": 1366, "height": 768}  # the most common laptop window: the tests' default
STARTUP_SECONDS = 180  # the server answering its health check: the same ceiling as pagekit.TIMEOUT
TIMINGS: dict[str, float] = {}


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.section("zonemap page timings")
        for name, seconds in TIMINGS.items():
            unit = "" if "(MB" in name else " s"
            terminalreporter.write_line(f"{name}: {seconds:.3f}{unit}")


@pytest.fixture(scope="session")
def timings() -> dict[str, float]:
    """Measured durations, printed at the end of the run."""
    return TIMINGS


@pytest.fixture(scope="session")
def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        message = "Chromium is not installed (Debian: apt-get install chromium; `make test` does it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; browser tests are required when CI=true")
        pytest.skip(message)
    return found


def playwright_api():
    """playwright.sync_api; a missing package is a failure under CI=true, a clear skip elsewhere."""
    try:
        import playwright.sync_api as sync_api
    except ImportError:
        message = "the playwright package is not installed (make test installs it with the test extra)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; browser tests are required when CI=true")
        pytest.skip(message)
    return sync_api


@pytest.fixture(scope="session")
def browser(chromium_path):
    from tests.e2e.pagekit import TIMEOUT

    sync_api = playwright_api()
    sync_api.expect.set_options(timeout=TIMEOUT)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _block_outside(context):
    """Record in ``context.blocked`` and abort every request leaving the machine; returns the route handler
    (it returns what the route call returns, so Playwright's async API awaits it too)."""
    context.blocked = []

    def route(route):
        url = route.request.url
        if url.startswith(INLINE_SCHEMES) or urlsplit(url).hostname in LOCAL_HOSTS:
            return route.continue_()
        context.blocked.append(url)
        return route.abort()

    return route


def new_offline_context(browser, viewport: dict | None = None, touch: bool = False):
    """A new browser context (a new visitor, with a touch screen if ``touch``) that aborts every request leaving
    the machine, recorded in ``context.blocked``; its actions wait up to the one ceiling. The tests and the
    benchmark open pages the same way."""
    from tests.e2e.pagekit import TIMEOUT

    context = browser.new_context(viewport=viewport or LAPTOP, has_touch=touch)
    context.set_default_timeout(TIMEOUT)
    context.route("**/*", _block_outside(context))
    return context


async def new_offline_context_async(browser, viewport: dict | None = None):
    """:func:`new_offline_context` with Playwright's async API."""
    from tests.e2e.pagekit import TIMEOUT

    context = await browser.new_context(viewport=viewport or LAPTOP)
    context.set_default_timeout(TIMEOUT)
    await context.route("**/*", _block_outside(context))
    return context


def watch_errors(page, sink: list[str]) -> None:
    """Append the page's console errors and uncaught exceptions to ``sink`` (none ignored)."""
    page.on("pageerror", lambda exc: sink.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: sink.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)


@pytest.fixture
def offline_context(browser):
    context = new_offline_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(offline_context):
    """A page whose console errors and uncaught exceptions fail the test (none ignored)."""
    page = offline_context.new_page()
    page.errors = []
    watch_errors(page, page.errors)
    yield page
    assert page.errors == [], "the page logged errors:\n" + "\n".join(page.errors)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class Server:
    """A running ``streamlit run app.py``: its URL and process id (for memory measurements)."""

    def __init__(self, url: str, pid: int):
        self.url, self.pid = url, pid

    def rss_mb(self) -> float:
        """Resident memory of the server process, from /proc (Linux)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS in /proc status")


def serve_app(log: Path, env: dict[str, str] | None = None):
    """Start the app on a free port with extra environment variables; yield a :class:`Server`; stop it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(ROOT / "serve.py"), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            try:  # the wait doubles as the polling interval and notices an early exit
                code = proc.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                code = None
            if code is not None:
                pytest.fail(f"streamlit exited with {code} before serving:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer {url}/_stcore/health in {STARTUP_SECONDS} s:\n"
                            f"{log.read_text()[-3000:]}")
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, chromium_path):
    yield from serve_app(tmp_path_factory.mktemp("app") / "streamlit.log")


@pytest.fixture(scope="session")
def app_url(app_server):
    return app_server.url
