"""Who may download what: typed refusals for every role that may not."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.service import exchange, reports
from engine.service.errors import AccessDenied, InvalidInput
from engine.service.principals import Principal
from tests.reports.worlds import Certified

REPORT_ALLOWED = ("alpha_member", "alpha_admin", "reviewer")
REPORT_REFUSED = ("beta_member", "beta_admin", "decider", "beta_reviewer", "board", "admin")


def _who(certified: Certified, name: str) -> Principal:
    principal = getattr(certified.world, name)
    assert isinstance(principal, Principal)
    return principal


@pytest.mark.parametrize("name", REPORT_ALLOWED)
def test_the_organisation_and_its_reviewer_get_the_report(certified: Certified, name: str) -> None:
    world = certified.world
    who = _who(certified, name)
    html = reports.assessment_report(who, world.db, certified.assessment_id, "html", "en")
    assert html.media_type.startswith("text/html")
    assert b"Alpha" in html.content
    oscal = exchange.oscal_results(who, world.db, certified.assessment_id)
    assert oscal.media_type == "application/json"


@pytest.mark.parametrize("name", REPORT_REFUSED)
def test_everyone_else_is_refused_the_report(certified: Certified, name: str) -> None:
    world = certified.world
    who = _who(certified, name)
    for file_format in ("html", "pdf"):
        with pytest.raises(AccessDenied) as refused:
            reports.assessment_report(who, world.db, certified.assessment_id, file_format)
        assert refused.value.code == "access.denied"
    with pytest.raises(AccessDenied):
        exchange.oscal_results(who, world.db, certified.assessment_id)


@pytest.mark.parametrize("name", ["beta_member", "beta_admin", "board", "decider"])
def test_certificates_are_refused_to_outsiders(certified: Certified, name: str) -> None:
    world = certified.world
    with pytest.raises(AccessDenied):
        reports.certificate_document(_who(certified, name), world.db, certified.number)


@pytest.mark.parametrize(
    "name", ["alpha_member", "alpha_admin", "reviewer", "beta_member", "decider"]
)
def test_board_exports_are_for_the_board_and_admins_only(
    certified: Certified, name: str, tmp_path: Path
) -> None:
    world = certified.world
    with pytest.raises(AccessDenied):
        exchange.board_export(_who(certified, name), world.db, "csv", tmp_path / "out")
    with pytest.raises(AccessDenied):
        exchange.board_export_zip(_who(certified, name), world.db, "parquet")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["beta_member", "reviewer", "board", "admin"])
def test_workbooks_are_written_for_the_organisation_only(certified: Certified, name: str) -> None:
    world = certified.world
    with pytest.raises(AccessDenied):
        exchange.workbook_template(_who(certified, name), world.db, "alpha", "2026.1")


def test_unknown_formats_and_languages_are_invalid_input(certified: Certified) -> None:
    world = certified.world
    with pytest.raises(InvalidInput):
        reports.assessment_report(world.alpha_member, world.db, certified.assessment_id, "docx")
    with pytest.raises(InvalidInput):
        reports.assessment_report(
            world.alpha_member, world.db, certified.assessment_id, "html", "xx"
        )
    with pytest.raises(InvalidInput):
        exchange.board_export(world.board, world.db, "xlsx", Path("unused"))


def test_downloads_are_audited(certified: Certified) -> None:
    world = certified.world
    with world.db.read() as cursor:
        before = cursor.execute("SELECT count(*) FROM audit_log").fetchall()[0][0]
    reports.assessment_report(world.alpha_member, world.db, certified.assessment_id, "html")
    reports.certificate_document(world.alpha_member, world.db, certified.number)
    reports.certificate_document(world.alpha_member, world.db, certified.number)
    with world.db.read() as cursor:
        actions = cursor.execute(
            "SELECT action, actor FROM audit_log WHERE seq > ? ORDER BY seq", [before]
        ).fetchall()
    assert actions == [
        ("report.download", "alpha-member"),
        ("certificate.signing_key_created", "alpha-member"),  # the record's first code
        ("certificate.download", "alpha-member"),
        ("certificate.download", "alpha-member"),
    ]
