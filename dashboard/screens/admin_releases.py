"""Administrators: releases of the standards, opened or closed for new self-assessments, and
publishing a release of the library into the record."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import attempt, show_error, tr
from engine.service import documents, releases


def _registered() -> list[releases.ReleaseInfo]:
    found = releases.list_releases(session.database())
    frame = pd.DataFrame(
        [(r.version, r.title, "open" if r.open else "closed") for r in found],
        columns=["Release", "Title", "New self-assessments"],
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    return found


def _toggle(found: list[releases.ReleaseInfo]) -> None:
    principal, db = session.require_principal(), session.database()
    for release in found:
        label = "Close" if release.open else "Open"
        if st.button(f"{label} {release.version}", key=f"release:{release.version}:toggle"):
            _, problem = attempt(
                lambda r=release: releases.set_release_open(principal, db, r.version, not r.open)
            )
            if problem:
                show_error(problem)
            else:
                st.rerun()


def _publish(found: list[releases.ReleaseInfo]) -> None:
    principal, db = session.require_principal(), session.database()
    library = documents.library()
    known = {r.version for r in found}
    waiting = [v for v in library.release_versions() if v not in known]
    st.subheader("Publish a release of the library")
    if not waiting:
        st.caption("Every release of the library is registered.")
        return
    version = st.selectbox("Release", waiting, key="publish_release")
    bundle = library.bundle(version or "")
    if bundle is None:
        st.error(f"Release {version} is incomplete in the library.", icon=":material/error:")
        return
    st.write(", ".join(f"{s.code} {s.version}" for s in bundle.standards))
    st.caption(tr(bundle.release.title))
    if st.button("Publish", type="primary", key="publish"):
        _, problem = attempt(lambda: releases.register_release(principal, db, bundle))
        if problem:
            show_error(problem)
        else:
            st.rerun()


def render() -> None:
    st.title("Releases")
    session.require_principal()
    found = _registered()
    _toggle(found)
    _publish(found)


render()
