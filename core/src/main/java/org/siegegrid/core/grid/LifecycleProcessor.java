package org.siegegrid.core.grid;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import org.siegegrid.core.board.WireIds;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;

/**
 * Applies one {@link Lifecycle} event to a session where it lives: an EntryProcessor on the session
 * key, so a state change never races the whiteboard rounds (no get/replace retries). Thin glue: the
 * event and the cluster time come from the caller, so the primary and the backup compute the same
 * value. A delete's tombstone is written with its time to live.
 */
public final class LifecycleProcessor implements EntryProcessor<String, Session, LifecycleProcessor.Result>,
        IdentifiedDataSerializable {
    private static final byte START = 1;
    private static final byte STOP = 2;
    private static final byte UPDATE = 3;
    private static final byte TICK = 4;
    private static final byte FINISH = 5;
    private static final byte DELETE = 6;

    private Lifecycle.Event event;
    private long now;
    private long tombstoneTtlMillis;

    /** For deserialization only. */
    public LifecycleProcessor() {
    }

    public LifecycleProcessor(Lifecycle.Event event, long now, long tombstoneTtlMillis) {
        this.event = event;
        this.now = now;
        this.tombstoneTtlMillis = tombstoneTtlMillis;
    }

    public Lifecycle.Event event() {
        return event;
    }

    @Override
    public Result process(Map.Entry<String, Session> entry) {
        Lifecycle.Outcome o = Lifecycle.apply(entry.getValue(), event, now);
        if (o.changed()) {
            if (o.session().deleted() && entry instanceof ExtendedMapEntry<String, Session> x) {
                x.setValue(o.session(), tombstoneTtlMillis, TimeUnit.MILLISECONDS);
            } else {
                entry.setValue(o.session());
            }
        }
        return new Result(o);
    }

    @Override
    public int getFactoryId() {
        return WireIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireIds.LIFECYCLE_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(now);
        out.writeLong(tombstoneTtlMillis);
        if (event instanceof Lifecycle.Start) {
            out.writeByte(START);
        } else if (event instanceof Lifecycle.Stop s) {
            out.writeByte(STOP);
            out.writeString(s.reason());
        } else if (event instanceof Lifecycle.Update u) {
            out.writeByte(UPDATE);
            out.writeObject(u.spec());
            out.writeString(u.seal());
        } else if (event instanceof Lifecycle.Tick t) {
            out.writeByte(TICK);
            out.writeBoolean(t.capacity());
        } else if (event instanceof Lifecycle.Finish f) {
            out.writeByte(FINISH);
            out.writeBoolean(f.failed());
            out.writeString(f.reason());
        } else {
            out.writeByte(DELETE);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        now = in.readLong();
        tombstoneTtlMillis = in.readLong();
        byte kind = in.readByte();
        event = switch (kind) {
            case START -> new Lifecycle.Start();
            case STOP -> new Lifecycle.Stop(in.readString());
            case UPDATE -> new Lifecycle.Update(in.<SessionSpec>readObject(), in.readString());
            case TICK -> new Lifecycle.Tick(in.readBoolean());
            case FINISH -> new Lifecycle.Finish(in.readBoolean(), in.readString());
            case DELETE -> new Lifecycle.Delete();
            default -> throw new IOException("unknown lifecycle event " + kind);
        };
    }

    /** What the processor returns: the {@link Lifecycle.Outcome}, on the wire. */
    public static final class Result implements IdentifiedDataSerializable {
        private Lifecycle.Outcome outcome;

        /** For deserialization only. */
        public Result() {
        }

        Result(Lifecycle.Outcome outcome) {
            this.outcome = outcome;
        }

        public Lifecycle.Outcome outcome() {
            return outcome;
        }

        @Override
        public int getFactoryId() {
            return WireIds.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return WireIds.LIFECYCLE_RESULT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeObject(outcome.session());
            out.writeBoolean(outcome.changed());
            out.writeString(outcome.refusal());
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            Session s = in.readObject();
            outcome = new Lifecycle.Outcome(s, in.readBoolean(), in.readString());
        }
    }
}
