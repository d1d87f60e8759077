package org.siegegrid.core.board;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import org.siegegrid.core.session.Session;

/**
 * The whiteboard round: an EntryProcessor on the session key. Thin glue: it reads the entry,
 * calls {@link RoundMath}, writes the new value (if any) and returns the caller's result. It runs
 * on the primary and again on the backup with the same input, which is safe because the math is
 * deterministic and every clock reading or membership view comes in {@link RoundInput}.
 */
public final class WhiteboardRound implements EntryProcessor<String, Session, RoundResult>,
        IdentifiedDataSerializable {

    private RoundInput input;

    /** For deserialization only. */
    public WhiteboardRound() {
    }

    public WhiteboardRound(RoundInput input) {
        this.input = input;
    }

    public RoundInput input() {
        return input;
    }

    @Override
    public RoundResult process(Map.Entry<String, Session> entry) {
        RoundMath.Outcome outcome = RoundMath.apply(entry.getValue(), input);
        if (outcome.updated() != null) {
            entry.setValue(outcome.updated());
        }
        return outcome.result();
    }

    @Override
    public int getFactoryId() {
        return WireIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireIds.WHITEBOARD_ROUND;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        RoundInput in = input;
        out.writeString(in.nodeId());
        out.writeDouble(in.weight());
        out.writeDouble(in.capRps());
        out.writeDouble(in.achievedRps());
        out.writeLong(in.issued());
        out.writeLong(in.done());
        out.writeLong(in.failed());
        out.writeStringArray(in.liveNodeIds().toArray(new String[0]));
        out.writeLong(in.now());
        out.writeLong(in.leaseMillis());
        out.writeLong(in.roundMillis());
        out.writeLong(in.quotaWanted());
        out.writeDouble(in.targetRps());
        out.writeBoolean(in.drained());
        out.writeStringArray(in.heardNodeIds().toArray(new String[0]));
        out.writeLong(in.holdMillis());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        String nodeId = in.readString();
        double weight = in.readDouble();
        double cap = in.readDouble();
        double achieved = in.readDouble();
        long issued = in.readLong();
        long done = in.readLong();
        long failed = in.readLong();
        String[] live = in.readStringArray();
        long now = in.readLong();
        long lease = in.readLong();
        long round = in.readLong();
        long wanted = in.readLong();
        double target = in.readDouble();
        boolean drained = in.readBoolean();
        String[] heard = in.readStringArray();
        long hold = in.readLong();
        input = new RoundInput(nodeId, weight, cap, achieved, issued, done, failed, ids(live), now, lease, round,
                wanted, target, drained, ids(heard), hold);
    }

    private static TreeSet<String> ids(String[] a) {
        return new TreeSet<>(Arrays.asList(a == null ? new String[0] : a));
    }
}
