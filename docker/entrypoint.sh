#!/bin/sh
# The image's entrypoint: `serve` (or any siegegrid command) with every setting from SIEGEGRID_* variables.
#  - SIEGEGRID_<KEY>_FILE=/run/secrets/x sets SIEGEGRID_<KEY> to that file's content (Swarm and Compose
#    secrets, Kubernetes secret volumes); a variable set directly wins.
#  - SIEGEGRID_PUBLIC_PREFIX=10.77.0. (Swarm): when SIEGEGRID_PUBLIC_ADDRESS is empty, it becomes this
#    container's address that starts with the prefix (the overlay network's), so members dial that one.
#  - JAVA_OPTS is added to the JVM flags below; SIEGEGRID_JAR names the jar (tests run this file outside
#    the image).
set -eu

for pair in $(env | sed -n 's/^\(SIEGEGRID_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
    eval "direct=\${$pair:-}"
    eval "file=\${${pair}_FILE}"
    if [ -z "$direct" ]; then
        if [ ! -r "$file" ]; then
            echo "entrypoint: ${pair}_FILE: cannot read $file" >&2
            exit 2
        fi
        value=$(cat "$file")
        export "$pair=$value"
    fi
    unset "${pair}_FILE"
done

if [ -z "${SIEGEGRID_PUBLIC_ADDRESS:-}" ] && [ -n "${SIEGEGRID_PUBLIC_PREFIX:-}" ]; then
    for a in $(hostname -I 2>/dev/null || hostname -i); do
        case "$a" in
            "$SIEGEGRID_PUBLIC_PREFIX"*) SIEGEGRID_PUBLIC_ADDRESS=$a; break ;;
        esac
    done
    if [ -z "${SIEGEGRID_PUBLIC_ADDRESS:-}" ]; then
        echo "entrypoint: no address of this container starts with SIEGEGRID_PUBLIC_PREFIX=$SIEGEGRID_PUBLIC_PREFIX" \
             "(addresses: $(hostname -I 2>/dev/null || hostname -i))" >&2
        exit 2
    fi
    export SIEGEGRID_PUBLIC_ADDRESS
    echo "entrypoint: public address $SIEGEGRID_PUBLIC_ADDRESS" >&2
fi
unset SIEGEGRID_PUBLIC_PREFIX

# Container-aware heap (a share of the cgroup limit), exit on OOM so the orchestrator restarts the task,
# a 5 s DNS cache so discovery follows scaling, and the opens Hazelcast asks for.
exec java -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dsun.net.inetaddr.ttl=5 \
    --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    ${JAVA_OPTS:-} -jar "${SIEGEGRID_JAR:-/opt/siegegrid/siegegrid.jar}" "$@"
