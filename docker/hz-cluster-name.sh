#!/bin/sh
# Prints the Hazelcast cluster name nodes form with a cluster secret: <cluster.name>-<16 hex>, the first
# 16 hex digits of HMAC-SHA256(secret, "cluster-name\n" + cluster.name). Management Center (and any
# Hazelcast client) must be given this name; every node also logs it at start.
#   docker/hz-cluster-name.sh [CLUSTER_NAME [SECRET]]   (defaults: $SIEGEGRID_CLUSTER_NAME or siegegrid,
#                                                         $SIEGEGRID_CLUSTER_SECRET)
set -eu
name=${1:-${SIEGEGRID_CLUSTER_NAME:-siegegrid}}
secret=${2:-${SIEGEGRID_CLUSTER_SECRET:-}}
if [ -z "$secret" ]; then
    echo "$name"
    exit 0
fi
mac=$(printf 'cluster-name\n%s' "$name" | openssl dgst -sha256 -hmac "$secret" -r | cut -c1-16)
echo "$name-$mac"
