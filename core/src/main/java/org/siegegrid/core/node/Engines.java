package org.siegegrid.core.node;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.session.EngineKind;

/**
 * The engines a node can run a session on, keyed by the session's {@link EngineKind}. The node picks
 * a session's engine here and nowhere else; an engine this node lacks (no {@code siege} binary)
 * is simply absent. Closing closes every engine.
 */
public final class Engines implements AutoCloseable {
    private final Map<EngineKind, Engine> byKind;

    private Engines(Map<EngineKind, Engine> byKind) {
        this.byKind = byKind;
    }

    public static Engines of(Map<EngineKind, Engine> engines) {
        return new Engines(new EnumMap<>(engines));
    }

    /** Only the native engine. */
    public static Engines nativeOnly(Engine engine) {
        return of(Map.of(EngineKind.NATIVE, engine));
    }

    public Optional<Engine> get(EngineKind kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public Set<EngineKind> kinds() {
        return byKind.keySet();
    }

    /** The engines' names as node views list them: "native", "siege", lower case. */
    public java.util.List<String> names() {
        return byKind.keySet().stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /**
     * This node's engines: the native one, and siege when its binary is on the PATH ({@code $SIEGEGRID_SIEGE}
     * names another binary); without it the node says so in its log and lists only "native".
     */
    public static Engines detect(Engine nativeEngine, org.siegegrid.core.load.Ticker ticker) {
        Map<EngineKind, Engine> m = new EnumMap<>(EngineKind.class);
        m.put(EngineKind.NATIVE, nativeEngine);
        org.siegegrid.core.load.siege.SiegeEngine.detect(
                org.siegegrid.core.load.siege.SiegeSettings.fromEnvironment(), ticker)
                .ifPresent(e -> m.put(EngineKind.SIEGE, e));
        return of(m);
    }

    @Override
    public void close() {
        for (Engine e : byKind.values()) {
            e.close();
        }
    }
}
