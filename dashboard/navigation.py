"""Which pages each role sees: one declarative table, read on every run (DESIGN.md section 7).

A page that is not in the signed-in person's list cannot be opened by URL or page name:
Streamlit runs the default page instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    url_path: str
    icon: str

    @property
    def path(self) -> Path:
        return HERE / "screens" / self.file


SIGN_IN = PageSpec("sign_in.py", "Sign in", "sign-in", ":material/login:")
PROFILE = PageSpec("profile.py", "Profile", "profile", ":material/badge:")
WORKSPACE = PageSpec("workspace.py", "Self-assessment", "self-assessment", ":material/edit_note:")
RESULTS = PageSpec("results.py", "Results and certificate", "results", ":material/verified:")
QUEUE = PageSpec("review_queue.py", "Review queue", "review-queue", ":material/inbox:")
REVIEW = PageSpec("review.py", "Review", "review", ":material/rate_review:")
DECIDE = PageSpec("decide.py", "Decisions", "decisions", ":material/gavel:")
BOARD = PageSpec("board.py", "Adoption", "adoption", ":material/insights:")
USERS = PageSpec("admin_users.py", "Users and conflicts", "users", ":material/group:")
RELEASES = PageSpec("admin_releases.py", "Releases", "releases", ":material/inventory_2:")
ASSIGN = PageSpec(
    "admin_assign.py", "Review assignments", "assignments", ":material/assignment_ind:"
)
AUDIT = PageSpec("admin_audit.py", "Audit log", "audit-log", ":material/fact_check:")
CHANGES = PageSpec("changes.py", "What changed", "what-changed", ":material/difference:")
RELEASE_PREVIEW = PageSpec(
    "admin_release_preview.py", "Release preview", "release-preview", ":material/preview:"
)
CERTIFICATES = PageSpec(
    "admin_certificates.py", "Certificates", "certificates", ":material/workspace_premium:"
)
VERIFY = PageSpec("verify.py", "Verify a certificate", "verify", ":material/qr_code_scanner:")

ORGANISATION_PAGES = (WORKSPACE, PROFILE, RESULTS, CHANGES)
PAGES_BY_ROLE: dict[str, tuple[PageSpec, ...]] = {
    "org_member": ORGANISATION_PAGES,
    "org_admin": ORGANISATION_PAGES,
    "reviewer": (QUEUE, REVIEW, DECIDE),
    "board": (BOARD,),
    "admin": (USERS, ASSIGN, CERTIFICATES, RELEASES, RELEASE_PREVIEW, AUDIT, DECIDE, BOARD),
}
SIGNED_OUT_PAGES = (SIGN_IN, VERIFY)
ALL_PAGES = (*SIGNED_OUT_PAGES, *{p for pages in PAGES_BY_ROLE.values() for p in pages})


def pages_for(role: str | None) -> tuple[PageSpec, ...]:
    """The pages of a role (and the public certificate check); signed out, or an unknown role:
    the sign-in page and the public certificate check only."""
    if role is None or role not in PAGES_BY_ROLE:
        return SIGNED_OUT_PAGES
    return (*PAGES_BY_ROLE[role], VERIFY)
