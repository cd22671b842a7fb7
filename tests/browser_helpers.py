"""Starting `streamlit run` for browser tests: a free port, a database, a working directory (its .streamlit/)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db_url: str, workdir: Path = ROOT, port: int | None = None,
                     host: str = "127.0.0.1") -> Iterator[str]:
    """The app on `host:port` until the block ends; fails the test with the server's output if it does not start."""
    port = port or free_port()
    log = tempfile.TemporaryFile()  # a file, not a pipe: an unread pipe fills up and stalls the server
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=workdir, env={**os.environ, "SAMEN_DATABASE_URL": db_url}, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.seek(0)
        pytest.fail("streamlit run kwam niet op: " + log.read().decode(errors="replace")[-2000:])
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def oidc_secrets(app_port: int, provider_port: int) -> str:
    """secrets.toml for st.login against oidc-provider-mock on localhost (the tests' identity provider)."""
    return (f'[auth]\nredirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
            'cookie_secret = "test-cookie-geheim-0123456789"\nclient_id = "samen-dashboard"\n'
            'client_secret = "test-client-geheim"\n'
            f'server_metadata_url = "http://localhost:{provider_port}/.well-known/openid-configuration"\n')
