"""Administrators: the certificate register, and suspending, reinstating or withdrawing a
certificate with a reason (the holder and the public verification page see the new status at
once; an expired certificate is renewed by a new self-assessment, not here)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import FieldMessages, attempt, outcome_word, show_error
from engine.service import certificates
from engine.service.certificates import RegisterEntry
from engine.service.lifecycle import CERTIFICATE_TRANSITIONS
from engine.service.reasons import MAX_REASON

STEPS: dict[str, tuple[str, ...]] = {
    status: tuple(step for (at, step) in CERTIFICATE_TRANSITIONS if at == status)
    for status in dict.fromkeys(at for at, _ in CERTIFICATE_TRANSITIONS)
}
"""What an administrator may do with a certificate in each status: the engine's lifecycle
table (an expired certificate can still be withdrawn)."""
STEP_WORDS = {"suspend": "Suspend", "reinstate": "Reinstate", "withdraw": "Withdraw"}
STATUS_FILTER = ("all", "active", "suspended", "withdrawn", "expired")


def _table(entries: list[RegisterEntry]) -> None:
    frame = pd.DataFrame(
        [
            (
                e.certificate.number,
                e.org_name,
                e.release,
                outcome_word(e.certificate.outcome),
                e.certificate.issued_on,
                e.certificate.expires_on,
                e.certificate.status,
                e.certificate.status_reason or "",
            )
            for e in entries
        ],
        columns=["Certificate", "Organisation", "Release", "Outcome", "Issued", "Expires",
                 "Status", "Reason"],
    )  # fmt: skip
    st.dataframe(frame, hide_index=True, width="stretch", height=320)


def _label(entry: RegisterEntry) -> str:
    return f"{entry.certificate.number} · {entry.org_name} ({entry.certificate.status})"


def _change_form(entries: list[RegisterEntry]) -> None:
    changeable = {e.certificate.number: e for e in entries if e.certificate.status in STEPS}
    if not changeable:
        st.caption("No active or suspended certificate to change.")
        return
    number = st.selectbox(
        "Certificate",
        list(changeable),
        format_func=lambda n: (
            f"{n} · {changeable[n].org_name} ({changeable[n].certificate.status})"
        ),
        key="certificate_change_number",
    )
    entry = changeable[number]
    slots = FieldMessages()
    with st.form("certificate_change"):
        step = st.radio(
            "Change",
            STEPS[entry.certificate.status],
            format_func=STEP_WORDS.__getitem__,
            horizontal=True,
            key="certificate_change_step",
        )
        reason = st.text_area(
            "Reason (kept in the audit log)",
            key="certificate_change_reason",
            max_chars=MAX_REASON,
        )
        slots.slot("reason")
        submitted = st.form_submit_button("Change the status", type="primary")
    if submitted:
        _apply(entry, step, reason, slots)


def _apply(entry: RegisterEntry, step: str, reason: str, slots: FieldMessages) -> None:
    if not reason.strip():
        slots.show({"reason": "Give the reason for the change of status."})
        return
    principal, db = session.require_principal(), session.database()
    changed, problem = attempt(
        lambda: certificates.change_certificate_status(
            principal,
            db,
            entry.certificate.number,
            step=step,
            reason=reason.strip(),
            expected_version=entry.certificate.row_version,
        )
    )
    if problem is not None:
        show_error(problem)
        return
    if changed is not None:
        st.session_state.pop("certificate_change_reason", None)
        st.toast(f"{changed.number} is now {changed.status}.", icon=":material/check:")
        st.rerun()


def main() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Certificates")
    entries, problem = attempt(lambda: certificates.certificate_register(principal, db))
    if problem is not None or entries is None:
        if problem is not None:
            show_error(problem)
        return
    status = st.segmented_control(
        "Status", STATUS_FILTER, default="all", key="certificate_status_filter"
    )
    shown = [e for e in entries if status in (None, "all") or e.certificate.status == status]
    st.caption(f"{len(shown)} of {len(entries)} certificates")
    _table(shown)
    st.subheader("Suspend, reinstate or withdraw")
    _change_form(entries)


main()
