"""Being built (see the open issue); replaced by the page itself."""

import streamlit as st

st.info("This page is being built.")
