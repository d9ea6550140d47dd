"""Administrators: verify the hash chain of the audit log and read its latest entries."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import attempt, show_error
from engine.service import audit


def render() -> None:
    principal, db = session.require_principal(), session.database()
    st.title("Audit log")
    if st.button("Verify the audit log", type="primary", key="verify_audit"):
        problems, problem = attempt(lambda: audit.verify_audit(principal, db))
        if problem:
            show_error(problem)
        elif problems:
            st.error(
                f"The audit log is broken in {len(problems)} place(s).", icon=":material/error:"
            )
            rows = [(p.seq, p.code, p.message) for p in problems]
            st.dataframe(pd.DataFrame(rows, columns=["Entry", "Code", "Problem"]), hide_index=True)
        else:
            st.success("The audit log is intact: every entry links to the one before.")
    entries, problem = attempt(lambda: audit.recent_entries(principal, db, 200))
    if problem:
        show_error(problem)
    if entries:
        st.subheader("Latest entries")
        frame = pd.DataFrame(entries)
        st.dataframe(frame, hide_index=True, width="stretch", height=500)


render()
