package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.session.EngineKind;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/**
 * Compact serializers of the session values. Enums travel as names, durations as nullable
 * nanoseconds, maps as two parallel arrays in key order. Registered by {@link GridSerialization}.
 */
public final class SessionCompact {
    private SessionCompact() {
    }

    public static final class SessionSerializer implements CompactSerializer<Session> {
        @Override
        public Session read(CompactReader r) {
            return new Session(r.readString("id"), r.readCompact("spec"), SessionState.valueOf(r.readString("state")),
                    r.readInt64("version"), r.<Whiteboard>readCompact("board"), r.readInt64("createdAt"),
                    r.readInt64("startedAt"), r.readInt64("endedAt"), r.readBoolean("deleted"), r.readString("reason"),
                    r.getFieldKind("seal") == FieldKind.STRING ? r.readString("seal") : null);
        }

        @Override
        public void write(CompactWriter w, Session s) {
            w.writeString("id", s.id());
            w.writeCompact("spec", s.spec());
            w.writeString("state", s.state().name());
            w.writeInt64("version", s.version());
            w.writeCompact("board", s.board());
            w.writeInt64("createdAt", s.createdAt());
            w.writeInt64("startedAt", s.startedAt());
            w.writeInt64("endedAt", s.endedAt());
            w.writeBoolean("deleted", s.deleted());
            w.writeString("reason", s.reason());
            w.writeString("seal", s.seal());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.Session";
        }

        @Override
        public Class<Session> getCompactClass() {
            return Session.class;
        }
    }

    public static final class SpecSerializer implements CompactSerializer<SessionSpec> {
        @Override
        public SessionSpec read(CompactReader r) {
            Target[] targets = r.readArrayOfCompact("targets", Target.class);
            Stage[] stages = r.readArrayOfCompact("stages", Stage.class);
            String[] thresholds = r.readArrayOfString("thresholds");
            Long requests = r.readNullableInt64("requests");
            return new SessionSpec(r.readString("name"), list(targets), r.readString("urlsFile"),
                    Order.valueOf(r.readString("order")), r.readNullableFloat64("rps"), list(stages),
                    r.readNullableInt32("users"), duration(r.readNullableInt64("delayNanos")),
                    r.readBoolean("benchmark"), r.readNullableInt32("concurrency"), requests,
                    duration(r.readNullableInt64("durationNanos")), duration(r.readNullableInt64("timeoutNanos")),
                    EngineKind.valueOf(r.readString("engine")), list(thresholds),
                    r.getFieldKind("warmupNanos") == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE ? null
                            : duration(r.readNullableInt64("warmupNanos")),
                    http(r)).withAbort(r.getFieldKind("abortOnFail") != com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE
                    && r.readBoolean("abortOnFail"),
                    r.getFieldKind("abortGraceNanos") == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE ? null
                            : duration(r.readNullableInt64("abortGraceNanos")));
        }

        /** siege's HTTP behaviour; a spec written before these fields existed has the defaults. */
        private static org.siegegrid.core.session.HttpOptions http(CompactReader r) {
            if (r.getFieldKind("noFollow") == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE) {
                return null;
            }
            return new org.siegegrid.core.session.HttpOptions(!r.readBoolean("noFollow"), !r.readBoolean("noCookies"),
                    !r.readBoolean("noGzip"), r.readNullableInt32("failures"));
        }

        @Override
        public void write(CompactWriter w, SessionSpec s) {
            w.writeString("name", s.name());
            w.writeArrayOfCompact("targets", s.targets().toArray(new Target[0]));
            w.writeString("urlsFile", s.urlsFile());
            w.writeString("order", s.order().name());
            w.writeNullableFloat64("rps", s.rps());
            w.writeArrayOfCompact("stages", s.stages().toArray(new Stage[0]));
            w.writeNullableInt32("users", s.users());
            w.writeNullableInt64("delayNanos", nanos(s.delay()));
            w.writeBoolean("benchmark", s.benchmark());
            w.writeNullableInt32("concurrency", s.concurrency());
            w.writeNullableInt64("requests", s.requests());
            w.writeNullableInt64("durationNanos", nanos(s.duration()));
            w.writeNullableInt64("timeoutNanos", nanos(s.timeout()));
            w.writeString("engine", s.engine().name());
            w.writeArrayOfString("thresholds", s.thresholds().toArray(new String[0]));
            w.writeNullableInt64("warmupNanos", nanos(s.warmup()));
            w.writeBoolean("noFollow", !s.http().follow());
            w.writeBoolean("noCookies", !s.http().cookies());
            w.writeBoolean("noGzip", !s.http().gzip());
            w.writeNullableInt32("failures", s.http().failures());
            w.writeBoolean("abortOnFail", s.abortOnFail());
            w.writeNullableInt64("abortGraceNanos", nanos(s.abortGrace()));
        }

        @Override
        public String getTypeName() {
            return "siegegrid.SessionSpec";
        }

        @Override
        public Class<SessionSpec> getCompactClass() {
            return SessionSpec.class;
        }
    }

    public static final class TargetSerializer implements CompactSerializer<Target> {
        @Override
        public Target read(CompactReader r) {
            String[] names = r.readArrayOfString("headerNames");
            String[] values = r.readArrayOfString("headerValues");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 0; names != null && i < names.length; i++) {
                headers.put(names[i], values[i]);
            }
            return new Target(r.readString("url"), r.readString("method"), headers, r.readString("body"));
        }

        @Override
        public void write(CompactWriter w, Target t) {
            TreeMap<String, String> sorted = new TreeMap<>(t.headers());
            w.writeString("url", t.url());
            w.writeString("method", t.method());
            w.writeArrayOfString("headerNames", sorted.keySet().toArray(new String[0]));
            w.writeArrayOfString("headerValues", sorted.values().toArray(new String[0]));
            w.writeString("body", t.body());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.Target";
        }

        @Override
        public Class<Target> getCompactClass() {
            return Target.class;
        }
    }

    public static final class StageSerializer implements CompactSerializer<Stage> {
        @Override
        public Stage read(CompactReader r) {
            return new Stage(duration(r.readNullableInt64("durationNanos")), r.readFloat64("rps"));
        }

        @Override
        public void write(CompactWriter w, Stage s) {
            w.writeNullableInt64("durationNanos", nanos(s.duration()));
            w.writeFloat64("rps", s.rps());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.Stage";
        }

        @Override
        public Class<Stage> getCompactClass() {
            return Stage.class;
        }
    }

    static Long nanos(Duration d) {
        return d == null ? null : d.toNanos();
    }

    static Duration duration(Long nanos) {
        return nanos == null ? null : Duration.ofNanos(nanos);
    }

    static <T> List<T> list(T[] array) {
        return array == null ? List.of() : new ArrayList<>(Arrays.asList(array));
    }
}
