"""samen_data: the SAMEN dashboard's data layer (never imports streamlit).

Public API:
- database: `resolve_url`, `make_engine`, `session_scope`, `open_database`, `ConfigurationError`
- schema: `schema.upgrade`, `schema.is_up_to_date`
- filters: `Filters`
- read side: `queries` (every figure aggregated in SQL, returned as DataFrame or dataclass)
- demo: `demo.load_demo`, `demo.DatabaseNotEmpty`
- command line: `python -m samen_data --help`
"""

from samen_data import queries
from samen_data.demo import loader as demo
from samen_data.filters import Filters
from samen_data.store import schema
from samen_data.store.db import ConfigurationError, make_engine, resolve_url, session_scope
from samen_data.store.setup import open_database

__all__ = [
    "ConfigurationError",
    "Filters",
    "demo",
    "make_engine",
    "open_database",
    "queries",
    "resolve_url",
    "schema",
    "session_scope",
]
