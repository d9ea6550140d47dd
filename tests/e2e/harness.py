"""Run the dashboard with `streamlit run` on a real DuckDB file and drive it in Debian's
headless Chromium (never a downloaded browser). Used by the e2e tests and the benchmark."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
from playwright.sync_api import (
    Browser,
    Page,
    Playwright,
    Route,
    ViewportSize,
    WebSocket,
    expect,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from engine.cli.commands.demo import server_command, server_environment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
SIGNED_OUT = "signed-out"
"""The role name, in screenshots and fixtures, of a visitor who has not signed in."""
SCREENS = Path(os.environ.get("ACCREDIT_SCREENS", "/tmp/accredit-screens"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(db_path: Path, script: Path | None = None, timeout: float = 60) -> Server:
    """`streamlit run` as a subprocess (output to a file, never a pipe); waits for health."""
    port = free_port()
    command = server_command(port)
    if script is not None:
        command[command.index("run") + 1] = str(script)
    log = Path(tempfile.mkstemp(prefix="accredit-streamlit-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=server_environment(db_path), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer,
        ):
            if answer.read().decode().strip() == "ok":
                return Server(url, process, log)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def serving(db_path: Path, script: Path | None = None) -> Iterator[Server]:
    server = start_server(db_path, script)
    try:
        yield server
    finally:
        server.stop()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Outside:
    """Requests that tried to leave localhost (all of them are refused)."""

    attempts: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("http://localhost", "ws://localhost", "data:", "blob:")):
            route.continue_()
        else:
            self.attempts.append(url)
            route.abort()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Streamlit's own e2e waits: connected, the script not running, no skeleton left."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


def settle(page: Page) -> None:
    """After an interaction: let the rerun start, then wait until it has finished."""
    page.wait_for_timeout(150)
    wait_for_app(page)


def sign_in(page: Page, base: str, user: str, password: str) -> None:
    """Sign in on a new page; its script runs are watched from then on (see `rerun`)."""
    watched(page)
    page.goto(base)
    wait_for_app(page)
    page.get_by_role("textbox", name="User name").fill(user)
    page.get_by_role("textbox", name="Password").fill(password)
    rerun(page, page.get_by_role("button", name="Sign in").click)


def screenshot(page: Page, name: str) -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    target = SCREENS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    return target


def open_page(page: Page, title: str) -> None:
    """Navigate inside the session by the sidebar (a new URL would start a new session)."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    rerun(page, link.click)


def wait_for_charts(page: Page, timeout: float = 30_000) -> None:
    """Every plotly chart on the page has drawn its SVG."""
    charts = page.get_by_test_id("stPlotlyChart")
    for index in range(charts.count()):
        charts.nth(index).locator(".main-svg").first.wait_for(state="attached", timeout=timeout)


def rendered(page: Page, timeout: float = 30_000) -> None:
    """The app is idle, nothing is still loading and every chart has been drawn."""
    wait_for_app(page, timeout)
    wait_for_charts(page, timeout)


FINISHED_RUNS = frozenset(
    {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
)
"""How a finished script run ends (not: cut short for a rerun, or a fragment's run)."""


@dataclass
class ScriptRuns:
    """The script runs that the server reports finished, read from the page's websocket.

    Watch a page before it opens the app. Unlike the DOM's script state, this never mistakes
    the state before a click for the end of the run the click started."""

    page: Page
    finished: int = 0

    @classmethod
    def watch(cls, page: Page) -> ScriptRuns:
        runs = cls(page)
        page.on("websocket", runs._socket)
        return runs

    def _socket(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg()
        with contextlib.suppress(DecodeError):
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished":
                self.finished += message.script_finished in FINISHED_RUNS

    def wait_beyond(self, count: int, timeout: float = 60_000) -> None:
        """Until more than `count` runs have finished."""
        deadline = time.monotonic() + timeout / 1000
        while self.finished <= count:
            if time.monotonic() > deadline:
                raise PlaywrightTimeoutError(f"no script run finished within {timeout:.0f} ms")
            self.page.wait_for_timeout(10)


def visit(runs: ScriptRuns, title: str, timeout: float = 60_000) -> float:
    """Open a page by its sidebar link and wait until its script run has finished and the page
    has rendered (charts drawn); the seconds from the click. It must not be the current page."""
    page = runs.page
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    before = runs.finished
    started = time.perf_counter()
    link.click()
    runs.wait_beyond(before, timeout)
    rendered(page, timeout)
    return time.perf_counter() - started


def exception_boxes(page: Page) -> int:
    """Streamlit's exception boxes on the page (an uncaught error in a page script)."""
    return page.get_by_test_id("stException").count()


def sign_in_as(
    page: Page, base: str, user: str, password: str, titles: list[str], timeout: float = 60_000
) -> None:
    """Sign in and wait until the sidebar lists the pages `titles` (the sign-in rerun can
    start late on a busy machine) and the first page has rendered."""
    sign_in(page, base, user, password)
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(links).to_contain_text(titles, timeout=timeout)
    rendered(page, timeout)


def page_path(page: Page) -> str:
    """The url path of the page shown ("" for the default page)."""
    return urllib.parse.urlparse(page.url).path.strip("/")


_WATCHED: dict[int, ScriptRuns] = {}


def watched(page: Page) -> ScriptRuns:
    """The page's script runs, watched from now on (before the page opens the app)."""
    if id(page) not in _WATCHED:
        _WATCHED[id(page)] = ScriptRuns.watch(page)
    return _WATCHED[id(page)]


def rerun(page: Page, action: Callable[[], object], timeout: float = 60_000) -> None:
    """Do `action`, an interaction that runs the script again, and wait until that very run
    has finished and rendered. On a page whose runs are not watched: `settle`."""
    runs = _WATCHED.get(id(page))
    if runs is None:
        action()
        settle(page)
        return
    before = runs.finished
    action()
    runs.wait_beyond(before, timeout)
    rendered(page, timeout)
