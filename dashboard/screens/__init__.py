"""The pages, one script per page (run by st.navigation, listed in navigation.py)."""
