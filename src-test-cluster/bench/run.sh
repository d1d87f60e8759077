#!/usr/bin/env bash
# SiegeGrid peer benchmark: one command.
#   bash src-test-cluster/bench/run.sh [--quick] [--out DIR] [--jar PATH] [bench.py options...]
# Installs missing tools, starts a private nginx (1 worker, core 0) on a free 127.0.0.1 port,
# runs every tool on core 1 (bench.py), prints a Markdown report and saves it under --out.
# nginx and the temp dir are removed on exit. See README.md next to this file.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="/tmp/siegegrid-bench-$(date +%Y%m%d-%H%M%S)"
JAR="$ROOT/web/target/siegegrid.jar"
QUICK=()
PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=(--quick); shift ;;
    --out) OUT="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exec python3 "$HERE/bench.py" --help ;;
    *) PASS+=("$1"); shift ;;
  esac
done

log() { printf '[bench] %s\n' "$*" >&2; }
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

# ---- tools ----------------------------------------------------------------------------------
declare -A PKG=([nginx]=nginx [wrk]=wrk [siege]=siege [ab]=apache2-utils [hey]=hey
                [httperf]=httperf [taskset]=util-linux [timeout]=coreutils [python3]=python3
                [curl]=curl)
missing=()
for bin in "${!PKG[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || [[ -x "/usr/sbin/$bin" ]] || missing+=("${PKG[$bin]}")
done
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing: ${missing[*]}"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

TMP="$(mktemp -d /tmp/siegegrid-bench-tmp.XXXXXX)"
NGINX_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -TERM "$NGINX_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

AUTOCANNON="${AUTOCANNON:-}"
if [[ -z "$AUTOCANNON" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    log "installing: nodejs npm"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >&2 || true
  fi
  if command -v npm >/dev/null 2>&1 && \
     timeout 300 npm install --silent --no-audit --no-fund --prefix "$TMP/npm" autocannon >&2; then
    AUTOCANNON="$TMP/npm/node_modules/.bin/autocannon"
  else
    log "autocannon could not be installed: skipped"
  fi
fi

# ---- cores ----------------------------------------------------------------------------------
if [[ $(nproc) -ge 2 ]]; then SERVER_CPU=0; CLIENT_CPU=1
else SERVER_CPU=0; CLIENT_CPU=0; log "only one core: server and tools share it"; fi

# ---- nginx ----------------------------------------------------------------------------------
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$TMP/nginx/html" "$TMP/nginx/logs" "$TMP/nginx/tmp"
head -c 100 /dev/zero | tr '\0' 'a' > "$TMP/nginx/html/100b"
head -c 10240 /dev/zero | tr '\0' 'b' > "$TMP/nginx/html/10k"
chmod -R a+rX "$TMP"   # nginx workers run as nobody when started by root
AFFINITY=1; for ((i = 0; i < SERVER_CPU; i++)); do AFFINITY+=0; done   # bit mask, CPU0 rightmost
cat > "$TMP/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_cpu_affinity $AFFINITY;
worker_rlimit_nofile 16384;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000000;
  keepalive_timeout 120s;
  default_type application/octet-stream;
  client_body_temp_path $TMP/nginx/tmp/body;
  proxy_temp_path $TMP/nginx/tmp/proxy;
  fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
  scgi_temp_path $TMP/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    root $TMP/nginx/html;
    location = /stub { stub_status; }
  }
}
EOF
taskset -c "$SERVER_CPU" "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" \
  -e "$TMP/nginx/logs/error.log" &
NGINX_PID=$!
for _ in $(seq 50); do
  curl -fsS -m 1 "http://127.0.0.1:$PORT/stub" >/dev/null 2>&1 && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx/logs/error.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -m 1 "http://127.0.0.1:$PORT/100b" >/dev/null || { log "nginx not serving"; exit 1; }
log "nginx pid $NGINX_PID on 127.0.0.1:$PORT (core $SERVER_CPU); tools on core $CLIENT_CPU"

# ---- run ------------------------------------------------------------------------------------
mkdir -p "$OUT"
[[ -f "$JAR" ]] || log "no SiegeGrid jar at $JAR: SiegeGrid rows skipped"
taskset -c "$SERVER_CPU" python3 "$HERE/bench.py" --base-url "http://127.0.0.1:$PORT" \
  --out "$OUT" --jar "$JAR" --autocannon "$AUTOCANNON" --nginx-pid "$NGINX_PID" \
  --server-cpu "$SERVER_CPU" --client-cpu "$CLIENT_CPU" "${QUICK[@]}" "${PASS[@]}"
cp "$TMP/nginx/logs/error.log" "$OUT/nginx-error.log" 2>/dev/null || true
log "report: $OUT/report.md (raw outputs in $OUT/raw)"
