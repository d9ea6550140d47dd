"""The Streamlit dashboard: a thin layer over engine.service."""
