"""accredit demo [--orgs N] [--seed S] [--db PATH] [--port P]: a demo record and the dashboard.
accredit dashboard [--db PATH] [--port P]: serve the dashboard on an existing record.

The dashboard runs as `streamlit run` in the foreground with the production settings below;
this process opens the record only to create it and closes it before the server starts, so
that the server is the record's single owner.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from engine.cli.commands.db import guarded
from engine.cli.registry import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Command
from engine.service import documents, maintenance
from engine.service.demo_profiles import ORG_PASSWORD
from engine.service.principals import SYSTEM

DEMO_DB = "accredit-demo.duckdb"
DEMO_RELEASE = "2026.1"
SERVER_SETTINGS: dict[str, str] = {
    "server.headless": "true",
    "server.address": "localhost",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "server.enableXsrfProtection": "true",
    "server.maxUploadSize": "20",
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",
    "client.toolbarMode": "viewer",
    "theme.base": "light",
    "theme.primaryColor": "#1f5fa8",
}
"""The production configuration of the dashboard, passed as flags to `streamlit run`."""


def _port_number(text: str) -> int:
    """argparse type of a TCP port to serve on."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}")
    return int(text)


def dashboard_script() -> Path:
    """dashboard/app.py of this installation, found without importing the dashboard."""
    spec = importlib.util.find_spec("dashboard")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the dashboard package is not installed")
    return Path(spec.origin).parent / "app.py"


def server_command(port: int) -> list[str]:
    flags = [f"--{name}={value}" for name, value in SERVER_SETTINGS.items()]
    script = str(dashboard_script())
    return [sys.executable, "-m", "streamlit", "run", script, f"--server.port={port}", *flags]


def server_environment(db_path: Path) -> dict[str, str]:
    """The environment of the server: the record's path and where engine and dashboard live."""
    root = str(dashboard_script().parent.parent)
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {
        **os.environ,
        "ACCREDIT_DB": str(db_path.resolve()),
        "PYTHONPATH": os.pathsep.join(paths),
    }


def _serve(db_path: Path, port: int) -> int:
    print(f"dashboard: http://localhost:{port}  (record {db_path}; stop with Ctrl+C)", flush=True)
    try:
        return subprocess.call(server_command(port), env=server_environment(db_path))
    except KeyboardInterrupt:
        return EXIT_OK


def _port(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=_port_number, default=8501, help="port (default 8501)")


def _configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--orgs", type=int, default=30, help="organisations to make (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    parser.add_argument("--db", type=Path, default=Path(DEMO_DB), help=f"default {DEMO_DB}")
    _port(parser)


def _configure_dashboard(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="default $ACCREDIT_DB or ./accredit.duckdb"
    )
    _port(parser)


def _logins(made: dict[str, str]) -> dict[str, str]:
    """The demo sign-ins: those just made, else the published ones of an existing demo record."""
    from engine.service import demo_data  # Arrow and the bulk writer: only when demo data is made

    if made:
        return made
    orgs = {
        f"org-{n:04d}-{role}": ORG_PASSWORD
        for n in range(1, demo_data.PASSWORD_ORGS + 1)
        for role in ("admin", "member")
    }
    return {**demo_data.STAFF_PASSWORDS, **orgs}


def _prepare_demo(args: argparse.Namespace) -> int:
    from engine.service import demo_data, demo_record  # Arrow and the bulk writer: when used

    bundle = documents.library().bundle(DEMO_RELEASE)
    if bundle is None:
        print(f"accredit: release {DEMO_RELEASE} is not in the standards library", file=sys.stderr)
        return EXIT_INVALID
    made: dict[str, str] = {}
    if not args.db.exists():  # made whole or not at all (Ctrl+C leaves nothing behind)
        print(f"making {args.orgs} demo organisations in {args.db} ...", flush=True)
        made = demo_record.generate_new(args.db, bundle, args.orgs, args.seed).logins
    db, _ = maintenance.open_record(args.db)
    try:
        if not maintenance.status(SYSTEM, db).organisations:
            print(f"making {args.orgs} demo organisations in {db.path} ...", flush=True)
            made = demo_data.generate(db, bundle, args.orgs, args.seed).logins
    finally:
        db.close()
    print("demo sign-ins (user: password), one per role:")
    for user_id, password in _logins(made).items():
        print(f"  {user_id}: {password}")
    return EXIT_OK


def _run_demo(args: argparse.Namespace) -> int:
    if not 1 <= args.orgs <= 2000:
        print("accredit: --orgs must be between 1 and 2000", file=sys.stderr)
        return EXIT_USAGE
    prepared = _prepare_demo(args)
    return prepared if prepared != EXIT_OK else _serve(args.db, args.port)


def _run_dashboard(args: argparse.Namespace) -> int:
    path = args.db or Path(os.environ.get("ACCREDIT_DB") or "accredit.duckdb")
    if not path.is_file():
        print(
            f"accredit: no record at {path}; run `accredit demo` or `accredit db init`",
            file=sys.stderr,
        )
        return EXIT_INVALID
    db, _ = maintenance.open_record(path)
    db.close()
    return _serve(path, args.port)


COMMANDS = [
    Command(
        ("demo",),
        "make a demo record (if new) and serve the dashboard",
        _configure_demo,
        guarded(_run_demo),
    ),
    Command(
        ("dashboard",),
        "serve the dashboard on an existing record",
        _configure_dashboard,
        guarded(_run_dashboard),
    ),
]
