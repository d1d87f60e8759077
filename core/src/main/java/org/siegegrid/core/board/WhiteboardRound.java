package org.siegegrid.core.board;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
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
 *
 * <p>With a cluster secret the member that runs it first asks its own check ({@link #TRUSTED_CALLER}
 * in its user context) whether the caller's node id belongs to a member that proved the secret: a
 * round from anyone else is answered with nothing granted and writes nothing.
 */
public final class WhiteboardRound implements EntryProcessor<String, Session, RoundResult>,
        IdentifiedDataSerializable, HazelcastInstanceAware {
    /** User-context key of a {@code BiPredicate<HazelcastInstance, String>}: may this node id take part in rounds? */
    public static final String TRUSTED_CALLER = "siegegrid.trustedCaller";

    private RoundInput input;
    private transient HazelcastInstance hz;

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
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    @SuppressWarnings("unchecked")
    public RoundResult process(Map.Entry<String, Session> entry) {
        if (hz != null && hz.getUserContext().get(TRUSTED_CALLER) instanceof BiPredicate<?, ?> check
                && !((BiPredicate<HazelcastInstance, String>) check).test(hz, input.nodeId())) {
            Session s = entry.getValue();
            return s == null ? RoundResult.idle(null, 0, 0) : RoundResult.idle(s.state(), s.version(), s.board().round());
        }
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
