"""A second floor for context: only the dashboard's shared sidebar filters and a title, no figures."""

from samen_ui.setup import page_setup

page_setup("Leeg met filters")
