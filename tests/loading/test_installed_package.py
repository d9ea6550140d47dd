"""`pip install .` ships the standards and schemas: the installed CLI validates the library
from any working directory, with no source checkout on the path."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_INSTALLED = (
    "import engine, sys; from engine.cli import main; "
    "print(engine.__file__, file=sys.stderr); sys.exit(main(['validate']))"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("accredit-*.whl"))


def test_wheel_ships_engine_dashboard_standards_and_schemas(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("engine/_library/standards/releases/") for n in names)
    assert any(n.startswith("engine/_library/schemas/standard.schema.json") for n in names)
    assert "engine/cli/__init__.py" in names
    assert any(n.startswith("dashboard/") for n in names)


@pytest.mark.slow
def test_installed_cli_validates_the_library_from_another_directory(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("ACCREDIT_LIBRARY", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RUN_INSTALLED,
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert str(target) in done.stderr, "the installed copy was not the one imported"
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout
