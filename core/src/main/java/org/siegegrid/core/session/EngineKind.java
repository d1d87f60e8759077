package org.siegegrid.core.session;

/** Which engine generates a session's load: SiegeGrid's own, or the installed siege binary. */
public enum EngineKind {
    NATIVE, SIEGE
}
