"""Accredit dashboard: the entry point. `streamlit run dashboard/app.py`.

Every run: apply the session time-out, build the page list from the signed-in person's role,
show the language choice and sign-out, and run the chosen page.
"""

from __future__ import annotations

import streamlit as st

from dashboard import session
from dashboard.navigation import HERE, pages_for

FAVICON = HERE / "assets" / "favicon.png"

st.set_page_config(page_title="Accredit · INDEX", page_icon=str(FAVICON), layout="wide")


def _sidebar(signed_in: bool) -> None:
    with st.sidebar:
        st.selectbox(
            "Language of the standards",
            options=list(session.LANGUAGES),
            format_func=session.LANGUAGES.__getitem__,
            key=session.LANGUAGE,
        )
        if signed_in:
            principal = session.current()
            if principal is not None:
                where = f" · {principal.org_id}" if principal.org_id else ""
                st.caption(f"Signed in as **{principal.user_id}** ({principal.role}){where}")
            if st.button("Sign out", icon=":material/logout:", key="sign_out"):
                session.sign_out("You have signed out.")
                st.rerun()
        cookie = session.cookie_html()
        if cookie:
            st.html(cookie, unsafe_allow_javascript=True)


def main() -> None:
    principal = session.current()
    role = principal.role if principal else None
    pages = [
        st.Page(str(spec.path), title=spec.title, url_path=spec.url_path, icon=spec.icon)
        for spec in pages_for(role)
    ]
    page = st.navigation(pages, position="sidebar")
    _sidebar(principal is not None)
    page.run()


main()
