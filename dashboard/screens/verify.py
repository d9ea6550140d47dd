"""Verify a certificate (public, also when signed out): a verification code in, the verdict in
plain words out. Nothing else is revealed: not the organisation, not the certificate number.

A link or the QR code on a certificate can open it directly: `/verify?code=XXXX-XXXX-XXXX-XXXX`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from dashboard import session
from dashboard.ui import attempt, show_error
from engine.service import reports
from engine.service.signing import SigningKeyMismatch, SigningKeyMissing

KEY_TROUBLE = frozenset({SigningKeyMissing.code, SigningKeyMismatch.code})
KEY_TROUBLE_TEXT = (
    "Certificates cannot be checked here at the moment: this server's signing key needs its "
    "administrator's attention. Please try again later or ask INDEX to confirm the certificate."
)
"""Shown to the public instead of the key's path and fingerprints (the server's log has them)."""

CODE = "verify_code"  # session key of the code field
QUERY = "code"  # the query parameter a link or QR code carries the code in
MAX_CODE_CHARS = 40


@dataclass(frozen=True)
class Verdict:
    kind: Literal["success", "warning", "error"]
    text: str


VERDICTS: dict[str, Verdict] = {
    "current": Verdict("success", "Genuine. This certificate is current."),
    "expired": Verdict("warning", "Genuine, but this certificate has expired."),
    "suspended": Verdict("warning", "Genuine, but this certificate is suspended at present."),
    "withdrawn": Verdict("error", "Genuine, but this certificate has been withdrawn."),
    "not_genuine": Verdict(
        "error",
        "Not genuine. No certificate has this code. Check that you typed it exactly as printed "
        "on the certificate; dashes, spaces and upper or lower case do not matter.",
    ),
}
ICONS = {
    "success": ":material/verified:",
    "warning": ":material/schedule:",
    "error": ":material/gpp_bad:",
}


def verdict_of(found: reports.Verification) -> Verdict:
    """The verdict in words; a suspended certificate that has expired too is said to be both."""
    if found.state == "suspended" and found.expired_on is not None:
        when = f"{found.expired_on:%d %B %Y}"
        return Verdict(
            "warning", f"Genuine, but this certificate is suspended, and it expired on {when}."
        )
    return VERDICTS[found.state]


def _from_link() -> None:
    """On the first run of this session's page: take the code from the link, if any."""
    if CODE not in st.session_state:
        linked = st.query_params.get(QUERY, "")
        st.session_state[CODE] = linked[:MAX_CODE_CHARS]


def _show(verdict: Verdict) -> None:
    show = {"success": st.success, "warning": st.warning, "error": st.error}[verdict.kind]
    show(verdict.text, icon=ICONS[verdict.kind])


def render() -> None:
    st.title("Verify a certificate")
    st.write(
        "Type the verification code printed on an INDEX certificate (below the QR code) "
        "to check that the certificate is genuine and whether it is still current."
    )
    _from_link()
    with st.form("verify", enter_to_submit=True, border=False):
        st.text_input(
            "Verification code",
            key=CODE,
            max_chars=MAX_CODE_CHARS,
            placeholder="XXXX-XXXX-XXXX-XXXX",
        )
        st.form_submit_button("Verify", type="primary")
    code = str(st.session_state.get(CODE, "")).strip()
    if not code:
        st.query_params.pop(QUERY, None)
        return
    st.query_params[QUERY] = code
    found, problem = attempt(lambda: reports.verify_certificate(session.database(), code))
    if problem and problem.code in KEY_TROUBLE:
        sys.stderr.write(f"accredit: certificate verification: {problem.message}\n")
        st.error(KEY_TROUBLE_TEXT, icon=":material/error:")
    elif problem:
        show_error(problem)
    elif found is not None:
        _show(verdict_of(found))


render()
