"""The Streamlit side shared by pages: page setup (filters), cached data access, formatting, palette, charts."""
