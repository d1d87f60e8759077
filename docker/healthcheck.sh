#!/bin/sh
# HEALTHCHECK: liveness on /health (200 while the node is up). Readiness (quorum) is /health/ready, for
# the orchestrator's routing, not for restarts: a node without quorum is alive and must not be killed.
scheme=http
[ -n "${SIEGEGRID_API_TLS_KEYSTORE:-}${SIEGEGRID_API_TLS_KEYSTORE_FILE:-}" ] && scheme=https
exec curl -fsS -k -o /dev/null --max-time 4 "$scheme://127.0.0.1:${SIEGEGRID_API_PORT:-8080}/health"
