from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import session
from engine.service.principals import Principal
from engine.storage import Database
from tests.dashboard.record import make_record

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_record(tmp_path_factory.mktemp("record") / "template.duckdb", orgs=6)


@pytest.fixture
def record(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A private copy of the demo record, opened as the dashboard opens it."""
    path = tmp_path / "record.duckdb"
    shutil.copy(template, path)
    shutil.copytree(Database.evidence_root_of(template), Database.evidence_root_of(path))
    monkeypatch.setenv(session.DB_ENV, str(path))
    return session.open_database(str(path.resolve()))


SignIn = Callable[..., AppTest]


@pytest.fixture
def sign_in(record: Database) -> SignIn:
    def signed_in(user: str, password: str, page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.run()
        at.text_input(key="sign_in_user").input(user)
        at.text_input(key="sign_in_password").input(password)
        at.button[0].click().run()
        assert "principal" in at.session_state, [e.value for e in at.error]
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return signed_in


def principal_of(at: AppTest) -> Principal:
    principal: Principal = at.session_state["principal"]
    return principal


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}: {[b.label for b in at.button]}"
    return found[0]


def texts(at: AppTest) -> str:
    """Every text the page shows (titles, markdown, messages, captions, metrics, tables)."""
    parts = [
        e.value
        for kind in (
            "title",
            "subheader",
            "markdown",
            "caption",
            "error",
            "warning",
            "info",
            "success",
        )
        for e in getattr(at, kind)
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)
