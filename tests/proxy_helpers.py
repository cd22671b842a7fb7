"""The deployment of deploy/ on localhost for a test: deploy/start.sh (the app servers) and Debian's nginx with
deploy/nginx/samen.conf, rendered into a temporary directory with free ports."""

from __future__ import annotations

import os
import pwd
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser_helpers import ROOT

NGINX = os.environ.get("SAMEN_NGINX", "/usr/sbin/nginx")
DEPLOY = ROOT / "deploy"
# Test only: which app server answered, so the test can pin a browser to server A or B by its cookie.
UPSTREAM_HEADER = "X-Samen-Upstream"


def require(condition: bool, what: str) -> None:
    """Missing infrastructure fails the test in CI (SAMEN_REQUIRE_ALL_TESTS) and skips it elsewhere."""
    if condition:
        return
    if os.environ.get("SAMEN_REQUIRE_ALL_TESTS"):
        pytest.fail(f"{what} ontbreekt; in CI moet deze test draaien")
    pytest.skip(f"{what} ontbreekt")


def _wait_health(url: str, proc: subprocess.Popen, log, what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    log.seek(0)
    pytest.fail(f"{what} kwam niet op: " + log.read().decode(errors="replace")[-3000:])


@contextmanager
def app_servers(db_url: str, ports: list[int], public_url: str) -> Iterator[None]:
    """deploy/start.sh with these ports, until the block ends (TERM: the script stops its servers)."""
    log = tempfile.TemporaryFile()
    env = {
        **os.environ,
        "SAMEN_DATABASE_URL": db_url,
        "SAMEN_PORTS": " ".join(map(str, ports)),
        "SAMEN_PUBLIC_URL": public_url,
        "SAMEN_COOKIE_SECRET": "test-geheim-voor-alle-servers-0123456789",
        "PYTHON": sys.executable,
    }
    proc = subprocess.Popen(
        ["bash", str(DEPLOY / "start.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for port in ports:
            _wait_health(f"http://127.0.0.1:{port}/_stcore/health", proc, log, f"deploy/start.sh (poort {port})")
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the process group this test started
            proc.wait()
        log.close()


def render_nginx(workdir: Path, listen: int, servers: list[int]) -> Path:
    """nginx.conf for a non-daemon nginx in `workdir`, including deploy/nginx/samen.conf as on Debian."""
    site = (DEPLOY / "nginx" / "samen.conf").read_text(encoding="utf-8")
    site, n = re.subn(r"listen 80;", f"listen 127.0.0.1:{listen};", site)
    assert n == 1, "samen.conf: verwacht precies één 'listen 80;'"
    site = site.replace(
        "add_header Set-Cookie", f"add_header {UPSTREAM_HEADER} $upstream_addr always;\n    add_header Set-Cookie", 1
    )
    upstream = (DEPLOY / "nginx" / "samen-upstream.conf").read_text(encoding="utf-8")
    upstream, n = re.subn(r"server 127\.0\.0\.1:\d+ ([^;]*);\n", "", upstream)
    assert n >= 2, "samen-upstream.conf: verwacht twee of meer servers"
    lines = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in servers)
    upstream = upstream.replace("consistent;\n", "consistent;\n" + lines, 1)
    (workdir / "samen.conf").write_text(site, encoding="utf-8")
    (workdir / "samen-upstream.conf").write_text(upstream, encoding="utf-8")
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
  log_format samen '$request_uri $cookie_samen_server $upstream_addr';
  access_log {workdir / "access.log"} samen;
{temp}
  include samen.conf;
}}
""",
        encoding="utf-8",
    )
    return conf


@contextmanager
def nginx(workdir: Path, listen: int, servers: list[int]) -> Iterator[str]:
    conf = render_nginx(workdir, listen, servers)
    log = tempfile.TemporaryFile()
    check = subprocess.run([NGINX, "-t", "-p", str(workdir), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(workdir), "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{listen}"
    try:
        _wait_health(f"{base}/_stcore/health", proc, log, "nginx", seconds=20)
        yield base
    finally:
        proc.terminate()  # nginx: TERM is a fast shutdown of master and workers
        proc.wait(timeout=20)
        log.close()


def served_by(base: str, cookie: str | None) -> tuple[str, str | None]:
    """(the app server that answered, the sticky Set-Cookie nginx sent, if any) for a request with this sticky
    cookie."""
    request = urllib.request.Request(f"{base}/_stcore/health")
    if cookie:
        request.add_header("Cookie", f"samen_server={cookie}")
    with urllib.request.urlopen(request, timeout=5) as response:
        sticky = [c for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("samen_server=")]
        return response.headers[UPSTREAM_HEADER], (sticky or [None])[0]


def pin_cookies(base: str, ports: list[int]) -> dict[int, str]:
    """A sticky-cookie value per app server port: nginx sends every request with it to that server."""
    found: dict[int, str] = {}
    for i in range(200):
        upstream, _ = served_by(base, f"test{i}")
        found.setdefault(int(upstream.rsplit(":", 1)[1]), f"test{i}")
        if len(found) == len(ports):
            return found
    raise AssertionError(f"geen cookie gevonden voor elke server: {found}")


def websockets(workdir: Path) -> list[tuple[str, str]]:
    """(sticky cookie, app server) of every closed websocket (/_stcore/stream) in nginx's access log."""
    lines = (workdir / "access.log").read_text(encoding="utf-8").splitlines()
    return [
        (cookie, upstream)
        for uri, cookie, upstream in (line.split(" ", 2) for line in lines)
        if uri.startswith("/_stcore/stream")
    ]
