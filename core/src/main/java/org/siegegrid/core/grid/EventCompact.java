package org.siegegrid.core.grid;

import java.util.Arrays;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;

/** Compact serializers of the {@code events} map's values. Registered by {@link GridSerialization}. */
public final class EventCompact {
    private EventCompact() {
    }

    public static final class LogSerializer implements CompactSerializer<SessionEventLog> {
        @Override
        public SessionEventLog read(CompactReader r) {
            SessionEvent[] events = r.readArrayOfCompact("events", SessionEvent.class);
            return new SessionEventLog(r.readInt64("next"), events == null ? null : Arrays.asList(events));
        }

        @Override
        public void write(CompactWriter w, SessionEventLog log) {
            w.writeInt64("next", log.next());
            w.writeArrayOfCompact("events", log.events().toArray(new SessionEvent[0]));
        }

        @Override
        public String getTypeName() {
            return "siegegrid.SessionEventLog";
        }

        @Override
        public Class<SessionEventLog> getCompactClass() {
            return SessionEventLog.class;
        }
    }

    public static final class EventSerializer implements CompactSerializer<SessionEvent> {
        @Override
        public SessionEvent read(CompactReader r) {
            return new SessionEvent(r.readInt64("seq"), r.readInt64("at"), r.readString("kind"), r.readString("node"),
                    r.readString("detail"));
        }

        @Override
        public void write(CompactWriter w, SessionEvent e) {
            w.writeInt64("seq", e.seq());
            w.writeInt64("at", e.at());
            w.writeString("kind", e.kind());
            w.writeString("node", e.node());
            w.writeString("detail", e.detail());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.SessionEvent";
        }

        @Override
        public Class<SessionEvent> getCompactClass() {
            return SessionEvent.class;
        }
    }
}
