"""Verification codes: genuine and current, or not genuine; the status and nothing else."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.reports import verification
from engine.service import certificates, clock, reports
from engine.service.errors import AccessDenied
from engine.service.signing import SigningKeyMismatch
from engine.storage import records
from tests.reports.samples import sample_certificate
from tests.reports.worlds import Certified, change_status

KEY = b"k" * 32


def _code(certified: Certified) -> str:
    world = certified.world
    return reports.certificate_code(world.alpha_member, world.db, certified.number)


def test_the_printed_code_is_genuine_and_current(certified: Certified) -> None:
    code = _code(certified)
    assert len(code) == 19 and code.count("-") == 3
    result = reports.verify_certificate(certified.world.db, code)
    assert result.genuine and result.state == "current"
    assert result.to_text() == "genuine, current"


def test_typing_slips_are_forgiven(certified: Certified) -> None:
    code = _code(certified)
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert reports.verify_certificate(certified.world.db, typed).state == "current"


@pytest.mark.parametrize("code", ["", "hello", "AAAA-AAAA-AAAA-AAAA", "0000000000000000", "U" * 16])
def test_unknown_and_malformed_codes_are_not_genuine(certified: Certified, code: str) -> None:
    result = reports.verify_certificate(certified.world.db, code)
    assert not result.genuine
    assert result.to_text() == "NOT genuine"


def test_every_single_character_change_is_not_genuine(certified: Certified) -> None:
    code = verification.normalise(_code(certified))
    assert code is not None
    for position in range(len(code)):
        for replacement in "0Z":
            changed = code[:position] + replacement + code[position + 1 :]
            if changed != code:
                assert not reports.verify_certificate(certified.world.db, changed).genuine


def test_a_changed_record_no_longer_matches_its_code(certified: Certified) -> None:
    """Someone edits the expiry date in the database: the printed code stops verifying."""
    world = certified.world
    code = _code(certified)
    with world.db.transaction() as cursor:
        later = datetime.date(2040, 1, 1)
        records.update(cursor, "certificates", {"number": certified.number}, {"expires_on": later})
    assert not reports.verify_certificate(world.db, code).genuine


def test_another_key_is_refused_rather_than_calling_every_code_not_genuine(
    certified: Certified, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under another key no code would check out (the seal is the key's); the record knows its
    key by its fingerprint and refuses another one instead (tests/reports/test_signing_key.py)."""
    code = _code(certified)
    normal = verification.normalise(code)
    assert normal is not None
    assert verification.locator(b"a different secret", certified.number) != (
        verification.locator_of(normal)
    )
    monkeypatch.setenv(verification.SECRET_ENV, "a different secret")
    with pytest.raises(SigningKeyMismatch):
        reports.verify_certificate(certified.world.db, code)


@pytest.mark.parametrize(("step", "state"), [("suspend", "suspended"), ("withdraw", "withdrawn")])
def test_status_changes_are_reported(certified: Certified, step: str, state: str) -> None:
    world = certified.world
    code = _code(certified)
    change_status(certified, step, "complaint under investigation")
    assert reports.verify_certificate(world.db, code).state == state


def test_an_expired_certificate_is_genuine_but_expired(certified: Certified) -> None:
    code = _code(certified)
    with clock.frozen_at(datetime.datetime(2035, 1, 1)):
        assert reports.verify_certificate(certified.world.db, code).state == "expired"


def test_a_suspended_certificate_that_has_expired_says_both(certified: Certified) -> None:
    world = certified.world
    code = _code(certified)
    change_status(certified, "suspend")
    assert reports.verify_certificate(world.db, code).to_text() == "genuine, suspended"
    expires = certificates.get_certificate(world.admin, world.db, certified.number).expires_on
    with clock.frozen_at(datetime.datetime(2035, 1, 1)):
        result = reports.verify_certificate(world.db, code)
    assert (result.state, result.expired_on) == ("suspended", expires)
    assert result.to_text() == f"genuine, suspended, expired on {expires.isoformat()}"


def test_verification_reveals_only_the_status(certified: Certified) -> None:
    result = reports.verify_certificate(certified.world.db, _code(certified))
    assert [f.name for f in dataclasses.fields(result)] == ["state", "expired_on"]
    assert result.expired_on is None  # said only of a suspended certificate past its expiry
    assert "Alpha" not in result.to_text()


def test_the_key_file_is_created_beside_the_database_and_private(certified: Certified) -> None:
    path = verification.secret_file(Path(certified.world.db.path))
    _code(certified)
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0


def test_the_code_needs_a_certificate_the_person_may_read(certified: Certified) -> None:
    world = certified.world
    with pytest.raises(AccessDenied):
        reports.certificate_code(world.beta_member, world.db, certified.number)


_FIELDS = {
    "number": st.just("INDEX-2026-00002"),
    "org_id": st.just("beta"),
    "release_version": st.just("2027.1"),
    "issued_on": st.just(datetime.date(2026, 11, 23)),
    "expires_on": st.just(datetime.date(2029, 11, 23)),
    "scope": st.just(()),
}


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(sorted(_FIELDS)), data=st.data())
def test_the_seal_covers_every_stated_fact(field: str, data: st.DataObject) -> None:
    original = sample_certificate()
    changed = sample_certificate(**{field: data.draw(_FIELDS[field])})
    code = verification.normalise(verification.verification_code(KEY, original))
    assert code is not None
    assert verification.seal_matches(KEY, code, original)
    assert not verification.seal_matches(KEY, code, changed)
