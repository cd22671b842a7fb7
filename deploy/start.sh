#!/usr/bin/env bash
# Start the SAMEN dashboard as several `streamlit run` servers over one database, for nginx in front
# (deploy/nginx/). Runs in the foreground until stopped (TERM or Ctrl-C stops every server); when one server
# dies the others are stopped too and the script exits non-zero, so a supervisor (systemd) restarts the set.
#
#   SAMEN_DATABASE_URL   the shared PostgreSQL, e.g. postgresql://samen:wachtwoord@db.example.nl/samen (required)
#   SAMEN_PORTS          the servers' ports (default "8501 8502"; the same as in nginx/samen-upstream.conf)
#   SAMEN_ADDRESS        where they listen (default 127.0.0.1: only nginx on this machine reaches them)
#   SAMEN_PUBLIC_URL     the address people open, e.g. https://samen.example.nl (allowed origin for CORS)
#   SAMEN_COOKIE_SECRET  one secret for every server (signed cookies, e.g. the st.login sign-in); required
#                        with more than one server
#   PYTHON               the Python with requirements.txt installed (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SAMEN_DATABASE_URL:?zet SAMEN_DATABASE_URL: de database die alle servers delen}"
PORTS=${SAMEN_PORTS:-8501 8502}
ADDRESS=${SAMEN_ADDRESS:-127.0.0.1}
PYTHON=${PYTHON:-.venv/bin/python}
read -r -a ports <<<"$PORTS"
if [ "${#ports[@]}" -gt 1 ] && [ -z "${SAMEN_COOKIE_SECRET:-}" ]; then
  echo "zet SAMEN_COOKIE_SECRET (hetzelfde geheim voor elke server), bv. met: openssl rand -hex 32" >&2
  exit 2
fi
export SAMEN_DATABASE_URL
[ -n "${SAMEN_COOKIE_SECRET:-}" ] && export STREAMLIT_SERVER_COOKIE_SECRET="$SAMEN_COOKIE_SECRET"
[ -n "${SAMEN_PUBLIC_URL:-}" ] && export STREAMLIT_SERVER_CORS_ALLOWED_ORIGINS="$SAMEN_PUBLIC_URL"
# uvicorn takes the client address from X-Forwarded-For only from these proxies (nginx on this machine).
export FORWARDED_ALLOW_IPS=${FORWARDED_ALLOW_IPS:-127.0.0.1}

# The schema once, before any server: servers starting together would otherwise race over the migration.
"$PYTHON" -m samen_data upgrade

pids=()
stop() {
  trap - TERM INT EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' TERM INT
trap stop EXIT
for port in "${ports[@]}"; do
  "$PYTHON" -m streamlit run app.py --server.address "$ADDRESS" --server.port "$port" --server.headless true \
    --server.enableXsrfProtection true --server.enableCORS true --browser.gatherUsageStats false &
  pids+=("$!")
done

for port in "${ports[@]}"; do
  "$PYTHON" - "$ADDRESS" "$port" <<'PY'
import sys, time, urllib.request
address, port = sys.argv[1], sys.argv[2]
host = f"[{address}]" if ":" in address else address
for _ in range(240):
    try:
        urllib.request.urlopen(f"http://{host}:{port}/_stcore/health", timeout=1)
        break
    except OSError:
        time.sleep(0.25)
else:
    sys.exit(f"server op poort {port} kwam niet op")
PY
done
echo "SAMEN-dashboard: ${#ports[@]} servers klaar op $ADDRESS, poorten ${ports[*]}"

wait -n "${pids[@]}"  # the first server to stop ends the set
status=$?
echo "een server stopte (exitcode $status); de andere worden gestopt" >&2
exit 1
