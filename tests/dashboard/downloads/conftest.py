"""Fixtures of the download tests: the cast with staff accounts, and media files kept."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import app_test

from engine.storage import Database
from tests.dashboard.downloads.cast import Cast, KeptMediaFiles, add_staff, cast_of


@pytest.fixture
def cast(record: Database) -> Cast:
    found = cast_of(record)
    for org_id in {found.certified_org, found.draft_org, found.other_org}:
        add_staff(record, org_id)
    return found


@pytest.fixture(autouse=True)
def _keep_media_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_test, "MediaFileManager", KeptMediaFiles)
