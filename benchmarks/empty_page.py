"""The floor: an empty Streamlit page (a title only), measured the same way as the dashboard's pages."""

import streamlit as st

st.title("Leeg")
