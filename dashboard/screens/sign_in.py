"""Sign in with a local account."""

from __future__ import annotations

import streamlit as st

from dashboard import session

st.title("Accredit")
st.caption("Quality standards of INDEX, the International Network for Disengagement and Exit")
notice = session.take_notice()
if notice:
    st.info(notice, icon=":material/info:")

if session.oidc_configured():
    if st.button("Sign in with your organisation's account", type="primary", icon=":material/key:"):
        st.login()
    st.caption("or with a local account:")

with st.form("sign_in", enter_to_submit=True):
    user_id = st.text_input("User name", key="sign_in_user")
    password = st.text_input("Password", type="password", key="sign_in_password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    if not user_id.strip() or not password:
        st.error("Enter your user name and your password.", icon=":material/error:")
    elif session.sign_in(user_id, password) is None:
        st.error("Unknown user or wrong password.", icon=":material/error:")
    else:
        st.rerun()
