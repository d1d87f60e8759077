#!/bin/sh
# The image's entrypoint: `serve` (or any siegegrid command) with every setting from SIEGEGRID_* variables.
#  - SIEGEGRID_<KEY>_FILE=/run/secrets/x sets SIEGEGRID_<KEY> to that file's content (Swarm and Compose
#    secrets, Kubernetes secret volumes); a variable set directly wins.
#  - SIEGEGRID_PUBLIC_PREFIX=10.77.0. (Swarm): when SIEGEGRID_PUBLIC_ADDRESS is empty, it becomes this
#    container's address that starts with the prefix (the overlay network's), so members dial that one.
#  - then it starts the launcher, bin/siegegrid (beside this file in the image, ../bin/ in the repository):
#    one list of JVM flags for the image and a host (module opens, exit on OOM, a 5 s DNS cache, the JIT
#    for run, SIEGEGRID_JIT), plus the container's own -XX:MaxRAMPercentage=75 before your JAVA_OPTS.
#    SIEGEGRID_JAR names the jar (the launcher's default: siegegrid.jar beside it, as in the image).
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

# Container-aware heap: a share of the cgroup limit (a JAVA_OPTS -Xmx or MaxRAMPercentage comes later and wins)
here=$(cd "$(dirname "$0")" && pwd)
launcher=
for candidate in "$here/siegegrid" "$here/../bin/siegegrid"; do
    if [ -f "$candidate" ]; then
        launcher=$candidate
        break
    fi
done
if [ -z "$launcher" ]; then
    echo "entrypoint: no siegegrid launcher beside $here or in $here/../bin" >&2
    exit 3
fi
JAVA_OPTS="-XX:MaxRAMPercentage=75${JAVA_OPTS:+ $JAVA_OPTS}"
export JAVA_OPTS
exec sh "$launcher" "$@"
