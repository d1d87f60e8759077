package org.siegegrid.core.grid;

import java.util.SortedMap;
import java.util.TreeMap;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.session.SessionState;

/** Compact serializers of the whiteboard values. Registered by {@link GridSerialization}. */
public final class BoardCompact {
    private BoardCompact() {
    }

    public static final class WhiteboardSerializer implements CompactSerializer<Whiteboard> {
        @Override
        public Whiteboard read(CompactReader r) {
            NodeEntry[] entries = r.readArrayOfCompact("entries", NodeEntry.class);
            SortedMap<String, NodeEntry> byId = new TreeMap<>();
            if (entries != null) {
                for (NodeEntry e : entries) {
                    byId.put(e.nodeId(), e);
                }
            }
            return new Whiteboard(r.readInt64("round"), byId, r.readInt64("quotaGranted"), r.readFloat64("targetRps"),
                    r.readFloat64("deficit"), r.readInt64("updatedAt"));
        }

        @Override
        public void write(CompactWriter w, Whiteboard b) {
            w.writeInt64("round", b.round());
            w.writeArrayOfCompact("entries", b.entries().values().toArray(new NodeEntry[0]));
            w.writeInt64("quotaGranted", b.quotaGranted());
            w.writeFloat64("targetRps", b.targetRps());
            w.writeFloat64("deficit", b.deficit());
            w.writeInt64("updatedAt", b.updatedAt());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.Whiteboard";
        }

        @Override
        public Class<Whiteboard> getCompactClass() {
            return Whiteboard.class;
        }
    }

    public static final class NodeEntrySerializer implements CompactSerializer<NodeEntry> {
        @Override
        public NodeEntry read(CompactReader r) {
            return new NodeEntry(r.readString("nodeId"), r.readFloat64("weight"), r.readFloat64("capRps"),
                    r.readFloat64("achievedRps"), r.readInt64("issued"), r.readInt64("done"), r.readInt64("failed"),
                    r.readInt64("quotaGranted"), r.readCompact("share"), r.readInt64("lastRoundAt"),
                    r.readInt64("leaseExpiry"), r.readBoolean("drained"), r.readCompact("next"), r.readInt64("nextAt"));
        }

        @Override
        public void write(CompactWriter w, NodeEntry e) {
            w.writeString("nodeId", e.nodeId());
            w.writeFloat64("weight", e.weight());
            w.writeFloat64("capRps", e.capRps());
            w.writeFloat64("achievedRps", e.achievedRps());
            w.writeInt64("issued", e.issued());
            w.writeInt64("done", e.done());
            w.writeInt64("failed", e.failed());
            w.writeInt64("quotaGranted", e.quotaGranted());
            w.writeCompact("share", e.share());
            w.writeInt64("lastRoundAt", e.lastRoundAt());
            w.writeInt64("leaseExpiry", e.leaseExpiry());
            w.writeBoolean("drained", e.drained());
            w.writeCompact("next", e.next());
            w.writeInt64("nextAt", e.nextAt());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.NodeEntry";
        }

        @Override
        public Class<NodeEntry> getCompactClass() {
            return NodeEntry.class;
        }
    }

    public static final class ShareSerializer implements CompactSerializer<Share> {
        @Override
        public Share read(CompactReader r) {
            return new Share(r.readFloat64("fraction"), r.readFloat64("rps"), r.readInt32("users"),
                    r.readInt32("concurrency"));
        }

        @Override
        public void write(CompactWriter w, Share s) {
            w.writeFloat64("fraction", s.fraction());
            w.writeFloat64("rps", s.rps());
            w.writeInt32("users", s.users());
            w.writeInt32("concurrency", s.concurrency());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.Share";
        }

        @Override
        public Class<Share> getCompactClass() {
            return Share.class;
        }
    }

    public static final class RoundResultSerializer implements CompactSerializer<RoundResult> {
        @Override
        public RoundResult read(CompactReader r) {
            String state = r.readString("state");
            return new RoundResult(state == null ? null : SessionState.valueOf(state), r.readInt64("version"),
                    r.readInt64("round"), r.readCompact("share"), r.readInt64("quota"), r.readInt64("leaseExpiry"),
                    r.readFloat64("deficit"), r.readInt64("budgetLeft"), r.readCompact("next"), r.readInt64("nextAt"));
        }

        @Override
        public void write(CompactWriter w, RoundResult x) {
            w.writeString("state", x.state() == null ? null : x.state().name());
            w.writeInt64("version", x.version());
            w.writeInt64("round", x.round());
            w.writeCompact("share", x.share());
            w.writeInt64("quota", x.quota());
            w.writeInt64("leaseExpiry", x.leaseExpiry());
            w.writeFloat64("deficit", x.deficit());
            w.writeInt64("budgetLeft", x.budgetLeft());
            w.writeCompact("next", x.next());
            w.writeInt64("nextAt", x.nextAt());
        }

        @Override
        public String getTypeName() {
            return "siegegrid.RoundResult";
        }

        @Override
        public Class<RoundResult> getCompactClass() {
            return RoundResult.class;
        }
    }
}
