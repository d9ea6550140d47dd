"""Administrators: releases of the standards, opened or closed for new self-assessments, and
publishing a release of the library into the record."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.navigation import RELEASE_PREVIEW
from dashboard.ui import attempt, show_error, tr
from engine.service import clock, documents, library_checks, releases, stored_migration
from engine.service.release_transition import release_in_effect, release_windows
from engine.service.stored_migration import StoredMigrationReport

MOVE_COLUMNS = ["Organisation", "From release", "New draft", "Carried", "To re-confirm", "Archived"]
PLANNED = "migration_planned"


def _registered() -> list[releases.ReleaseInfo]:
    db = session.database()
    found = releases.list_releases(db)
    windows = {w.version: w for w in release_windows(db)}
    today = clock.today()
    in_effect = release_in_effect(db, today)
    rows = [
        (
            r.version,
            r.title,
            f"{windows[r.version].effective_from:%d %b %Y}",
            f"{until:%d %b %Y}" if (until := windows[r.version].effective_until) else "–",
            "open" if r.open else "closed",
            "yes" if r.version == in_effect else "",
        )
        for r in found
    ]
    columns = ["Release", "Title", "From", "Until", "New self-assessments", "In effect now"]
    st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch")
    if in_effect is None:
        st.caption(f"No open release is in effect on {today:%d %b %Y}.")
    return found


def _toggle(found: list[releases.ReleaseInfo]) -> None:
    principal, db = session.require_principal(), session.database()
    for release in found:
        label = "Close" if release.open else "Open"
        if st.button(f"{label} {release.version}", key=f"release:{release.version}:toggle"):
            change = partial(
                releases.set_release_open, principal, db, release.version, not release.open
            )
            _, problem = attempt(change)
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
    bundle, problem = attempt(lambda: library_checks.checked_release(version or ""))
    if bundle is None:  # a file that fails validation, or was edited after publication
        if problem:
            show_error(problem)
        st.caption("Fix the library's files (`accredit validate` lists every problem) first.")
        return
    st.write(", ".join(f"{s.code} {s.version}" for s in bundle.standards))
    st.caption(tr(bundle.release.title))
    st.page_link(
        str(RELEASE_PREVIEW.path),
        label="See what it changes, and for whom, before publishing",
        icon=RELEASE_PREVIEW.icon,
    )
    if st.button("Publish", type="primary", key="publish"):
        _, problem = attempt(lambda: releases.register_release(principal, db, bundle))
        if problem:
            show_error(problem)
        else:
            st.rerun()


def _moves(report: StoredMigrationReport) -> None:
    rows = [
        (
            m.org_id,
            m.source_release,
            m.new_assessment_id,
            len(m.carried),
            len(m.needs_reconfirmation),
            len(m.archived),
        )
        for m in report.moved
    ]
    st.dataframe(pd.DataFrame(rows, columns=MOVE_COLUMNS), hide_index=True, width="stretch")
    if report.skipped:
        left = pd.DataFrame(
            [(s.org_id, s.message) for s in report.skipped],
            columns=["Organisation left as it is", "Why"],
        )
        st.dataframe(left, hide_index=True, width="stretch")


def _run_move(target: str, dry_run: bool) -> StoredMigrationReport | None:
    principal, db = session.require_principal(), session.database()
    report, problem = attempt(
        lambda: stored_migration.migrate_assessments(principal, db, target, dry_run=dry_run)
    )
    if problem:
        show_error(problem)
    return report


def _migrate(found: list[releases.ReleaseInfo]) -> None:
    st.subheader("Move organisations to a release")
    st.caption(
        "Each organisation's latest decided self-assessment (or draft) is copied into a new "
        "draft on the release: unchanged answers are carried, changed ones flagged for "
        "re-confirmation, answers to removed requirements archived. Certificates stay valid "
        "against the release they were granted under."
    )
    targets = [r.version for r in found if r.open]
    if not targets:
        st.caption("No release is open for new self-assessments.")
        return
    in_effect = release_in_effect(session.database(), clock.today())
    start = targets.index(in_effect) if in_effect in targets else len(targets) - 1
    target = st.selectbox("Move to release", targets, index=start, key="migrate_release") or ""
    if st.button("Preview the move", key="migrate_dry_run"):
        st.session_state[PLANNED] = _run_move(target, dry_run=True)
    planned: StoredMigrationReport | None = st.session_state.get(PLANNED)
    if planned is None or planned.to_release != target:
        return
    _moves(planned)
    if not planned.moved:
        st.info(f"No organisation would move to release {target}.")
        return
    sure = st.checkbox(
        f"Create {len(planned.moved)} new draft(s) on release {target}", key="migrate_confirm"
    )
    if st.button("Move the organisations", type="primary", disabled=not sure, key="migrate_run"):
        del st.session_state[PLANNED]
        done = _run_move(target, dry_run=False)
        if done is not None:
            st.success(
                f"{len(done.moved)} organisation(s) moved to release {target}; "
                f"{len(done.skipped)} left as they are."
            )


def render() -> None:
    st.title("Releases")
    session.require_principal()
    found = _registered()
    _toggle(found)
    _publish(found)
    _migrate(found)


render()
