"""The accredit commands for reports, certificates, workbooks and exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli import main
from engine.service import reports
from tests.reports.worlds import Certified

PROFILE = """\
kind: organisation_profile
schema_version: 1
organisation_id: gamma
name: Gamma Ausstiegshilfe
profile:
  country: AT
  region: europe
  income_group: high
  organisation_type: civil_society
  settings: [community, online]
"""


@pytest.fixture
def closed(certified: Certified) -> tuple[Certified, str, Path]:
    """The certified record closed (the CLI opens it), with the certificate's code."""
    world = certified.world
    code = reports.certificate_code(world.alpha_member, world.db, certified.number)
    path = Path(world.db.path)
    world.db.close()
    return certified, code, path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_and_certificate_downloads(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    html = tmp_path / "report.html"
    done = _run(
        capsys,
        "report",
        certified.assessment_id,
        "--format",
        "html",
        "--lang",
        "fr",
        "--out",
        str(html),
        "--as",
        "alpha-member",
        "--db",
        str(db),
    )
    assert done[0] == 0 and "Scores par norme" in html.read_text(encoding="utf-8")
    pdf = tmp_path / "certificate.pdf"
    done = _run(
        capsys,
        "certificate",
        certified.number,
        "--out",
        str(pdf),
        "--as",
        "alpha-admin",
        "--db",
        str(db),
    )
    assert done[0] == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_refusals_are_one_clear_line(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    out = tmp_path / "report.pdf"
    code, _, err = _run(
        capsys,
        "report",
        certified.assessment_id,
        "--out",
        str(out),
        "--as",
        "board",
        "--db",
        str(db),
    )
    assert code == 1 and err.startswith("accredit: access.denied:") and not out.exists()
    code, _, err = _run(
        capsys,
        "export",
        "board",
        "--out",
        str(tmp_path / "b"),
        "--as",
        "alpha-member",
        "--db",
        str(db),
    )
    assert code == 1 and "access.denied" in err
    code, _, err = _run(
        capsys,
        "report",
        certified.assessment_id,
        "--out",
        str(out),
        "--as",
        "nobody",
        "--db",
        str(db),
    )
    assert code == 1 and "nobody" in err and "Traceback" not in err


def test_verify_certificate(
    closed: tuple[Certified, str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, code, db = closed
    assert _run(capsys, "verify-certificate", code, "--db", str(db))[:2] == (
        0,
        f"certificate code {code}: genuine, current\n",
    )
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    result, out, _ = _run(capsys, "verify-certificate", tampered, "--db", str(db))
    assert result == 1 and out.endswith("NOT genuine\n")


def test_certificates_verify_after_a_move_to_a_new_server(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, code, db = closed
    backup, moved = tmp_path / "backup.duckdb", tmp_path / "host2" / "accredit.duckdb"
    result, out, _ = _run(capsys, "db", "backup", str(backup), "--db", str(db))
    assert result == 0 and "signing key written to" in out
    assert _run(capsys, "db", "restore", str(backup), "--db", str(moved))[0] == 0
    result, out, _ = _run(capsys, "verify-certificate", code, "--db", str(moved))
    assert (result, out) == (0, f"certificate code {code}: genuine, current\n")
    (moved.parent / "accredit.duckdb.secret").unlink()
    result, out, err = _run(capsys, "verify-certificate", code, "--db", str(moved))
    assert result == 1 and "missing: expected at" in err and "Traceback" not in err
    assert not (moved.parent / "accredit.duckdb.secret").exists()


def test_template_from_a_profile_file_needs_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "gamma.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "gamma.xlsx"
    code, stdout, err = _run(
        capsys, "template", "--profile", str(profile), "--release", "2026.1", str(out)
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"PK") and "wrote" in stdout
    profile.write_text(PROFILE.replace("AT", "Austria"), encoding="utf-8")
    code, _, err = _run(
        capsys, "template", "--profile", str(profile), "--release", "2026.1", str(out)
    )
    assert code == 1 and "gamma.yaml:6:12" in err


def test_template_then_import(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, db = closed
    book = tmp_path / "alpha.xlsx"
    base = ("--as", "alpha-member", "--db", str(db))
    assert (
        _run(capsys, "template", "--org", "alpha", "--release", "2026.1", str(book), *base)[0] == 0
    )
    renew = "accredit assessment renew alpha-001"
    code, _, err = _run(capsys, "import", str(book), "--org", "alpha", "--dry-run", *base)
    assert code == 1 and renew in err and err.endswith("the import would be refused\n")
    code, _, err = _run(capsys, "import", str(book), *base)
    assert code == 1 and renew in err and err.endswith("nothing was imported\n")
    assert _run(capsys, "assessment", "renew", "alpha-001", *base)[0] == 0
    code, out, _ = _run(capsys, "import", str(book), "--dry-run", *base)
    assert code == 0 and out.startswith("would set 0 answers and remove") and "alpha-002" in out
    code, out, _ = _run(capsys, "import", str(book), *base)
    assert code == 0 and out.startswith("set 0 answers") and "alpha-002" in out
    code, _, err = _run(capsys, "import", str(tmp_path / "missing.xlsx"), *base)
    assert code == 1 and "missing.xlsx" in err
    usage = _run(capsys, "template", "--release", "2026.1", str(book))
    assert usage[0] == 2


def test_exports(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    folder = tmp_path / "board"
    code, _, err = _run(
        capsys,
        "export",
        "board",
        "--format",
        "parquet",
        "--out",
        str(folder),
        "--as",
        "board",
        "--db",
        str(db),
    )
    assert code == 0, err
    assert (folder / "manifest.json").exists() and (folder / "adoption.parquet").exists()
    code, _, err = _run(
        capsys,
        "export",
        "board",
        "--out",
        str(tmp_path / "filtered"),
        "--region",
        "europe",
        "--as",
        "board",
        "--db",
        str(db),
    )
    assert code == 0, err
    manifest = json.loads((tmp_path / "filtered" / "manifest.json").read_text())
    assert manifest["filters"] == {
        "regions": ["europe"],
        "organisation_types": [],
        "release": None,
    }
    assert {t["grouped_by"] for t in manifest["tables"]} == {"all", "region"}
    code, _, err = _run(
        capsys,
        "export",
        "board",
        "--out",
        str(tmp_path / "both"),
        "--region",
        "europe",
        "--type",
        "governmental",
        "--as",
        "board",
        "--db",
        str(db),
    )
    assert code == 1 and "one at a time" in err and not (tmp_path / "both").exists()
    code, _, err = _run(
        capsys,
        "export",
        "board",
        "--out",
        str(tmp_path / "x"),
        "--region",
        "atlantis",
        "--as",
        "board",
        "--db",
        str(db),
    )
    assert code == 1 and "atlantis" in err and not (tmp_path / "x").exists()
    oscal = tmp_path / "oscal.json"
    code, _, err = _run(
        capsys,
        "export",
        "oscal",
        certified.assessment_id,
        "--out",
        str(oscal),
        "--as",
        "reviewer",
        "--db",
        str(db),
    )
    assert code == 0, err
    assert "assessment-results" in json.loads(oscal.read_text(encoding="utf-8"))


def test_certificate_register_and_status_changes(
    closed: tuple[Certified, str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    certified, code, db = closed
    admin = certified.world.admin.user_id
    done = _run(capsys, "certificates", "list", "--as", admin, "--db", str(db))
    assert done[0] == 0 and certified.number in done[1] and "active" in done[1]
    refused = _run(capsys, "certificates", "list", "--as", "alpha-member", "--db", str(db))
    assert refused[0] == 1 and "access.denied" in refused[2]
    steps = [("suspend", "suspended"), ("reinstate", "active"), ("withdraw", "withdrawn")]
    for step, status in steps:
        done = _run(capsys, "certificates", step, certified.number, "--reason", "complaint",
                    "--as", admin, "--db", str(db))  # fmt: skip
        assert done == (0, f"{certified.number} is now {status}\n", "")
    again = _run(capsys, "certificates", "reinstate", certified.number, "--reason", "x",
                 "--as", admin, "--db", str(db))  # fmt: skip
    assert again[0] == 1 and "withdrawn" in again[2]
    verdict = _run(capsys, "verify-certificate", code, "--db", str(db))
    assert "withdrawn" in verdict[1]


def test_the_cli_offers_every_report_format_of_the_service() -> None:
    from engine.cli.commands.reports import REPORT_FORMATS

    assert set(REPORT_FORMATS) == set(reports.REPORT_FORMATS)


def test_the_report_format_follows_the_file_name_unless_given(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    for name, start in (("r.html", b"<!DOCTYPE"), ("r.pdf", b"%PDF"), ("r.out", b"%PDF")):
        out = tmp_path / name
        done = _run(capsys, "report", certified.assessment_id, "--out", str(out),
                    "--as", "alpha-member", "--db", str(db))  # fmt: skip
        assert done[0] == 0 and out.read_bytes().startswith(start), name


def test_a_format_that_contradicts_the_file_name_is_refused(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    out = tmp_path / "report.html"
    code, _, err = _run(
        capsys, "report", certified.assessment_id, "--format", "pdf", "--out", str(out),
        "--as", "alpha-member", "--db", str(db),
    )  # fmt: skip
    assert code == 2 and "--format pdf but report.html names html" in err
    assert not out.exists()


def test_a_report_replaces_a_file_whole(
    closed: tuple[Certified, str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    certified, _, db = closed
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the old report")
    code, _, _ = _run(
        capsys, "report", certified.assessment_id, "--out", str(out),
        "--as", "alpha-member", "--db", str(db),
    )  # fmt: skip
    assert code == 0 and out.read_bytes().startswith(b"%PDF")
    assert not [p.name for p in tmp_path.iterdir() if "writing" in p.name]
