"""Transition windows: which release is in effect on a date, and which may be started.

A release is in effect from its `effective_from` date up to and including its optional
`effective_until` date. Windows may overlap: during a transition both the old and the new
release are accepted for new self-assessments, and the newest one in effect is the default.

A release not yet in effect is refused while another release is in effect (new
self-assessments use that one); before any release of the record has taken effect, an open
release may be started early. A release whose window has ended is always refused.
Certificates are unaffected: each stays valid against the release it was granted under until
its own expiry date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.service import clock
from engine.service.certificates import get_certificate, status_of
from engine.service.errors import ReleaseUnavailable
from engine.service.lifecycle import CertificateStatus
from engine.service.principals import Principal
from engine.service.releases import release_bundle
from engine.storage import Database, records


class ReleaseNotYetInEffect(ReleaseUnavailable):
    """The release takes effect later; another release is in effect now."""

    code = "release.not_yet_in_effect"


class ReleaseEnded(ReleaseUnavailable):
    """The release's window has ended; new self-assessments use a newer release."""

    code = "release.ended"


class NoReleaseInEffect(ReleaseUnavailable):
    """No open release is in effect on the date, so there is nothing to start against."""

    code = "release.none_in_effect"


@dataclass(frozen=True)
class ReleaseWindow:
    version: str
    effective_from: date
    effective_until: date | None
    open: bool

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (
            self.effective_until is None or on <= self.effective_until
        )

    def ended(self, on: date) -> bool:
        return self.effective_until is not None and on > self.effective_until


def _order(window: ReleaseWindow) -> tuple[date, tuple[int, ...]]:
    return window.effective_from, tuple(int(p) for p in window.version.split("."))


def release_windows(db: Database) -> list[ReleaseWindow]:
    """Every registered release with its window, oldest first."""
    with db.read() as cursor:
        rows = records.find(cursor, "releases", {}, order_by="version")
    windows = []
    for row in rows:
        release = release_bundle(db, row["version"]).release
        windows.append(
            ReleaseWindow(
                row["version"],
                date.fromisoformat(release.effective_from),
                date.fromisoformat(release.effective_until) if release.effective_until else None,
                bool(row["open"]),
            )
        )
    return sorted(windows, key=_order)


def release_in_effect(db: Database, on: date) -> str | None:
    """The newest open release whose window covers `on`, or None."""
    covering = [w for w in release_windows(db) if w.open and w.covers(on)]
    return covering[-1].version if covering else None


def _refusal(window: ReleaseWindow, on: date, current: str | None) -> ReleaseUnavailable | None:
    """Why `window` may not be started on `on` (None: it may). Tried in order."""
    version = window.version
    if not window.open:
        return ReleaseUnavailable(
            f"release {version} is not open for new self-assessments", version
        )
    if window.ended(on):
        instead = f"; use release {current}" if current else ""
        return ReleaseEnded(
            f"release {version} ended on {window.effective_until}{instead}", version
        )
    if on < window.effective_from and current is not None:
        return ReleaseNotYetInEffect(
            f"release {version} takes effect on {window.effective_from}; until then new "
            f"self-assessments use release {current}",
            version,
        )
    return None


def check_release_for_new_assessment(db: Database, version: str, on: date) -> None:
    """Refuse (a typed ReleaseUnavailable) a release that may not be started on `on`."""
    windows = {w.version: w for w in release_windows(db)}
    if version not in windows:
        raise ReleaseUnavailable(f"release {version} is not registered", version)
    refusal = _refusal(windows[version], on, release_in_effect(db, on))
    if refusal is not None:
        raise refusal


def release_for_new_assessment(db: Database, version: str | None, on: date) -> str:
    """The release a new self-assessment is pinned to: the one named, checked, or the one
    in effect on `on`."""
    chosen = version or release_in_effect(db, on)
    if chosen is None:
        raise NoReleaseInEffect(f"no open release is in effect on {on}", str(on))
    check_release_for_new_assessment(db, chosen, on)
    return chosen


@dataclass(frozen=True)
class CertificateBasis:
    """The release a certificate was granted under and its status on a date."""

    number: str
    release_version: str
    expires_on: date
    status: CertificateStatus


def certificate_basis(
    principal: Principal, db: Database, number: str, on: date | None = None
) -> CertificateBasis:
    """A certificate stays valid against its own release until it expires, whatever release
    is in effect now."""
    certificate = get_certificate(principal, db, number)
    with db.read() as cursor:
        row = records.get(cursor, "certificates", {"number": number})
        assessment = records.get(cursor, "assessments", {"id": certificate.assessment_id})
    return CertificateBasis(
        number,
        str(assessment["release_version"]),
        certificate.expires_on,
        status_of(row, on or clock.today()),
    )
