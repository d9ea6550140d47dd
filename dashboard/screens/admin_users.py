"""Administrators: user accounts and roles, and declared conflicts of interest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import session
from dashboard.ui import FieldMessages, attempt, show_error
from engine.service import users, views_admin
from engine.service.principals import ORG_ROLES, ROLES
from engine.service.reasons import MAX_REASON


def _users_table() -> list[users.User]:
    principal, db = session.require_principal(), session.database()
    found = users.list_users(principal, db)
    frame = pd.DataFrame(
        [
            (u.id, u.display_name, u.role, u.org_id or "", "yes" if u.active else "no")
            for u in found
        ],
        columns=["User", "Name", "Role", "Organisation", "Active"],
    )
    st.dataframe(frame, hide_index=True, width="stretch", height=300)
    return found


def _create_form() -> None:
    slots = FieldMessages()
    with st.form("create_user", clear_on_submit=False):
        st.markdown("**Add an account**")
        user_id = st.text_input("User name", key="new_user_id")
        slots.slot("user_id")
        name = st.text_input("Display name", key="new_user_name")
        role = st.selectbox("Role", list(ROLES), key="new_user_role")
        org_id = st.text_input("Organisation (for organisation roles)", key="new_user_org")
        slots.slot("org_id")
        password = st.text_input(
            f"Password (at least {users.MIN_PASSWORD_LENGTH} characters)",
            type="password",
            key="new_user_password",
        )
        slots.slot("password")
        submitted = st.form_submit_button("Add account", type="primary")
    if not submitted:
        return
    messages = _check_new_user(user_id, role or "", org_id, password)
    if messages:
        slots.show(messages)
        return
    principal, db = session.require_principal(), session.database()
    made, problem = attempt(
        lambda: users.create_user(
            principal,
            db,
            user_id.strip(),
            display_name=name.strip() or user_id.strip(),
            role=role,  # type: ignore[arg-type]
            org_id=org_id.strip() or None,
            password=password,
        )
    )
    if problem:
        field = problem.location if problem.location in ("org_id", "password") else "user_id"
        slots.show({field: problem.message})
    elif made:
        st.success(f"Account {made.id} added.")


def _check_new_user(user_id: str, role: str, org_id: str, password: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    if not user_id.strip():
        messages["user_id"] = "Give the user name."
    if role in ORG_ROLES and not org_id.strip():
        messages["org_id"] = "Organisation roles need an organisation."
    if role not in ORG_ROLES and role != "reviewer" and org_id.strip():
        messages["org_id"] = "Board and admin accounts belong to no organisation."
    if len(password) < users.MIN_PASSWORD_LENGTH:
        messages["password"] = f"A password needs at least {users.MIN_PASSWORD_LENGTH} characters."
    return messages


def _conflicts(reviewers: list[str]) -> None:
    principal, db = session.require_principal(), session.database()
    st.subheader("Conflicts of interest")
    found = views_admin.list_conflicts(principal, db)
    frame = pd.DataFrame(
        [(c.user_id, c.org_id, c.reason, f"{c.declared_at:%d %b %Y}") for c in found],
        columns=["Reviewer", "Organisation", "Reason", "Declared"],
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    slots = FieldMessages()
    with st.form("declare_conflict"):
        reviewer = st.selectbox("Reviewer", reviewers, key="conflict_reviewer")
        org_id = st.text_input("Organisation", key="conflict_org")
        slots.slot("org_id")
        reason = st.text_input("Reason", key="conflict_reason", max_chars=MAX_REASON)
        slots.slot("reason")
        submitted = st.form_submit_button("Declare conflict")
    if submitted:
        _, problem = attempt(
            lambda: users.declare_conflict(principal, db, reviewer or "", org_id.strip(), reason)
        )
        if problem:
            slots.show({"reason" if problem.location == "reason" else "org_id": problem.message})
        else:
            st.rerun()


def render() -> None:
    st.title("Users and conflicts of interest")
    found, problem = attempt(_users_table)
    if problem:
        show_error(problem)
    if found is None:
        return
    _create_form()
    _conflicts([u.id for u in found if u.role == "reviewer"])


render()
