package org.siegegrid.core.grid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import org.siegegrid.core.board.WireIds;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;

/**
 * Appends events to a session's log where it is stored (the {@code events} map, key = session id): an
 * EntryProcessor, so writers on several nodes at once never lose one another's events. Thin glue over
 * {@link SessionEventLog#append}; the backup applies the same processor to the same value. Returns the
 * number of the last event in the log (0 when nothing was written).
 */
public final class EventAppendProcessor implements EntryProcessor<String, SessionEventLog, Long>,
        IdentifiedDataSerializable {
    private List<SessionEvent> events;
    private int max;

    /** For deserialization only. */
    public EventAppendProcessor() {
    }

    public EventAppendProcessor(List<SessionEvent> events, int max) {
        this.events = List.copyOf(events);
        this.max = max;
    }

    @Override
    public Long process(Map.Entry<String, SessionEventLog> entry) {
        SessionEventLog next = SessionEventLog.append(entry.getValue(), events, max);
        if (next == null) {
            return 0L;
        }
        entry.setValue(next);
        return next.lastSeq();
    }

    @Override
    public int getFactoryId() {
        return WireIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireIds.EVENT_APPEND_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(max);
        out.writeInt(events.size());
        for (SessionEvent e : events) {
            out.writeLong(e.at());
            out.writeString(e.kind());
            out.writeString(e.node());
            out.writeString(e.detail());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        max = in.readInt();
        int n = in.readInt();
        List<SessionEvent> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(SessionEvent.of(in.readLong(), in.readString(), in.readString(), in.readString()));
        }
        events = List.copyOf(list);
    }
}
