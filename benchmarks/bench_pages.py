"""Page-render times in a real browser with demo data of 1,000 organisations, against a
one-line Streamlit page served and measured the same way.

The dashboard runs as `streamlit run` (tests/e2e/harness.py, the production settings of
`accredit dashboard`) on a DuckDB demo record; Debian's headless Chromium (1280x800) signs in
with each role's demo account and opens every page of that role (dashboard/navigation.py) from
the sidebar. A time is the wall time from the click to the page rendered: its script run ended,
no skeleton left and every plotly chart drawn. Before each measured click the browser goes to
another page, so every click runs the page afresh. The baseline is `st.write("hello")` as a
page of a two-page `st.navigation` app, reached from the sidebar in the same way; the first
load (a new session) is measured for the sign-in page and the baseline page alike.

Run: .venv/bin/python benchmarks/bench_pages.py [--db PATH] [--orgs 1000] [--repeat 5]
(--db reuses a demo record, or makes it there if the file does not exist yet.)
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from dashboard.navigation import PAGES_BY_ROLE, VERIFY, pages_for
from engine.service import demo_data, maintenance
from tests.dashboard.record import ROLE_ACCOUNTS
from tests.e2e.harness import (
    VIEWPORT,
    Outside,
    ScriptRuns,
    launch,
    rendered,
    serving,
    sign_in_as,
    visit,
)

HELLO = 'import streamlit as st\n\nst.write("hello")\n'
BASELINE_APP = """import streamlit as st

st.navigation([st.Page("hello.py", title="Hello"), st.Page("other.py", title="Other")]).run()
"""
Row = tuple[str, str, list[float]]


def demo_record(path: Path, orgs: int) -> Path:
    """The demo record at `path`, made (bulk, seed 1) unless the file exists already."""
    if path.exists():
        print(f"reusing the demo record {path}")
        return path
    print(f"making a demo record of {orgs} organisations in {path} ...", flush=True)
    started = time.perf_counter()
    db, _ = maintenance.open_record(path)
    try:
        demo_data.generate(db, maintenance.library_release(demo_data.RELEASE), orgs, seed=1)
        db.checkpoint()
    finally:
        db.close()
    print(f"  made in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def baseline_app(folder: Path) -> Path:
    for name in ("hello.py", "other.py"):
        (folder / name).write_text(HELLO)
    app = folder / "baseline.py"
    app.write_text(BASELINE_APP)
    return app


def _timed(measure: Callable[[], float]) -> float:
    """One measurement; NaN (reported) when the page did not render in time."""
    try:
        return measure()
    except PlaywrightError as error:
        print(f"  not rendered: {str(error).splitlines()[0]}", flush=True)
        return math.nan


def _first_load(runs: ScriptRuns, url: str) -> float:
    """A new session: from the navigation until its first script run has rendered."""
    before = runs.finished
    started = time.perf_counter()
    runs.page.goto(url)
    runs.wait_beyond(before)
    rendered(runs.page)
    return time.perf_counter() - started


def _clicks(runs: ScriptRuns, title: str, away: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        visit(runs, away)
        times.append(_timed(lambda: visit(runs, title)))
    return times


def _new_page(browser: Browser, outside: Outside) -> ScriptRuns:
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", outside.route)
    return ScriptRuns.watch(context.new_page())


def measure_baseline(
    browser: Browser, app: Path, record: Path, repeat: int, outside: Outside
) -> list[Row]:
    with serving(record, app) as server:
        runs = _new_page(browser, outside)
        loads = [_timed(lambda: _first_load(runs, server.url)) for _ in range(repeat)]
        clicks = _clicks(runs, "Hello", "Other", repeat)
        runs.page.context.close()
    return [("baseline", "first load: hello", loads), ("baseline", "hello", clicks)]


def measure_dashboard(browser: Browser, record: Path, repeat: int, outside: Outside) -> list[Row]:
    rows: list[Row] = []
    with serving(record) as server:
        runs = _new_page(browser, outside)
        loads = [_timed(lambda: _first_load(runs, server.url)) for _ in range(repeat)]
        rows.append(("signed out", "first load: sign-in", loads))
        runs.page.context.close()
        for role, specs in PAGES_BY_ROLE.items():
            runs = _new_page(browser, outside)
            user, password = ROLE_ACCOUNTS[role]
            titles = [spec.title for spec in pages_for(role)]
            sign_in_as(runs.page, server.url, user, password, titles)
            for spec in specs:
                rows.append((role, spec.url_path, _clicks(runs, spec.title, VERIFY.title, repeat)))
                print(f"  {role} {spec.url_path}: {_ms(rows[-1][2])}", flush=True)
            runs.page.context.close()
    return rows


def _median(times: list[float]) -> float:
    done = [t for t in times if not math.isnan(t)]
    return statistics.median(done) if done else math.nan


def _ms(times: list[float]) -> str:
    return ", ".join("-" if math.isnan(t) else f"{t * 1000:.0f}" for t in times) + " ms"


def report(rows: list[Row], baseline: list[Row]) -> None:
    first_load, click = (_median(times) for _, _, times in baseline)
    print()
    print(f"{'role':<12}{'page':<24}{'median ms':>10}{'x one-line page':>17}")
    for role, page, times in baseline + rows:
        reference = first_load if page.startswith("first load") else click
        median = _median(times)
        print(f"{role:<12}{page:<24}{median * 1000:>10.0f}{median / reference:>16.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="demo record to reuse or make")
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="accredit-bench-pages-") as folder:
        record = demo_record(args.db or Path(folder) / "demo.duckdb", args.orgs)
        app = baseline_app(Path(folder))
        outside = Outside()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                baseline = measure_baseline(browser, app, record, args.repeat, outside)
                print(f"  baseline hello: {_ms(baseline[1][2])}", flush=True)
                rows = measure_dashboard(browser, record, args.repeat, outside)
            finally:
                browser.close()
    report(rows, baseline)
    if outside.attempts:
        print(f"requests that tried to leave localhost (refused): {sorted(set(outside.attempts))}")


if __name__ == "__main__":
    main()
