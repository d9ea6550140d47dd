"""Every download leaves an audit entry: who took which file of whose, and when."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.service import exchange, reports
from engine.service.analytics import BoardFilters
from tests.reports.worlds import Certified

Take = Callable[[Certified, Path], object]
DOWNLOADS: dict[str, tuple[Take, str, str, str | None]] = {
    "report": (
        lambda c, _: reports.assessment_report(
            c.world.alpha_member, c.world.db, c.assessment_id, "html"
        ),
        "report.download",
        "alpha-member",
        "alpha",
    ),
    "oscal": (
        lambda c, _: exchange.oscal_results(c.world.alpha_member, c.world.db, c.assessment_id),
        "oscal.download",
        "alpha-member",
        "alpha",
    ),
    "workbook": (
        lambda c, _: exchange.workbook_template(
            c.world.alpha_member, c.world.db, "alpha", "2026.1"
        ),
        "workbook.download",
        "alpha-member",
        "alpha",
    ),
    "board zip": (
        lambda c, _: exchange.board_export_zip(c.world.board, c.world.db, "csv"),
        "board.export",
        "board",
        None,
    ),
    "board folder": (
        lambda c, folder: exchange.board_export(
            c.world.board,
            c.world.db,
            "parquet",
            folder / "board",
            BoardFilters(regions=("europe",)),
        ),
        "board.export",
        "board",
        None,
    ),
}


def _entries(certified: Certified) -> list[tuple[object, ...]]:
    with certified.world.db.read() as cursor:
        sql = "SELECT actor, action, org_id, payload_json FROM audit_log ORDER BY seq"
        return cursor.execute(sql).fetchall()


@pytest.mark.parametrize("name", list(DOWNLOADS))
def test_the_download_is_audited(certified: Certified, tmp_path: Path, name: str) -> None:
    take, action, actor, org_id = DOWNLOADS[name]
    before = _entries(certified)
    take(certified, tmp_path)
    added = _entries(certified)[len(before) :]
    assert [(a, b, c) for a, b, c, _ in added] == [(actor, action, org_id)]
    if name == "board folder":
        payload = json.loads(str(added[0][3]))
        assert payload == {
            "format": "parquet",
            "filters": {"regions": ["europe"], "organisation_types": [], "release": None},
        }


def test_no_file_goes_to_an_account_deactivated_since_the_page_was_drawn(
    certified: Certified, tmp_path: Path
) -> None:
    """A download button drawn before the deactivation calls the service with the principal
    it was drawn for: the service refuses it, and nothing is logged as taken."""
    from engine.service import users
    from engine.service.errors import AccessDenied

    users.deactivate_user(certified.world.admin, certified.world.db, "alpha-member")
    before = _entries(certified)
    for name in ("report", "oscal", "workbook"):
        take = DOWNLOADS[name][0]
        with pytest.raises(AccessDenied, match="no longer active"):
            take(certified, tmp_path)
    assert _entries(certified) == before
