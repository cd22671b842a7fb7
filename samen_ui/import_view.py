"""The import's check (a dry run) once per uploaded file and account, not on every rerun of the page."""
from __future__ import annotations

import hashlib

import streamlit as st
from sqlalchemy import Engine

from samen_data import transfer
from samen_data.access import Scope

_KEY = "_import_controle"


def checked(engine: Engine, content: bytes, filename: str, scope: Scope) -> transfer.ImportResult | transfer.ImportRefused:
    """The dry run of this upload: computed once, kept in the session until the file, name or account changes."""
    fingerprint = (hashlib.sha256(content).hexdigest(), filename, scope)
    kept = st.session_state.get(_KEY)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    try:
        outcome: transfer.ImportResult | transfer.ImportRefused = transfer.import_file(
            engine, content, filename, scope, dry_run=True)
    except transfer.ImportRefused as refused:
        outcome = refused
    st.session_state[_KEY] = (fingerprint, outcome)
    return outcome


def forget() -> None:
    """After an import the database has moved on: the next upload is checked afresh."""
    st.session_state.pop(_KEY, None)
