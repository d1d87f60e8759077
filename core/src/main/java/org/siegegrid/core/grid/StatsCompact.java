package org.siegegrid.core.grid;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import org.siegegrid.core.report.NodeStats;

/** Compact serializer of {@link NodeStats} (the {@code stats} map). Registered by {@link GridSerialization}. */
public final class StatsCompact implements CompactSerializer<NodeStats> {

    @Override
    public NodeStats read(CompactReader r) {
        return new NodeStats(r.readString("sessionId"), r.readString("nodeId"), r.readString("incarnation"),
                r.readInt64("updatedAt"),
                r.readBoolean("done"), r.readFloat64("shareRps"), r.readInt32("users"), r.readInt32("blocks"),
                r.readArrayOfInt8("stats"));
    }

    @Override
    public void write(CompactWriter w, NodeStats s) {
        w.writeString("sessionId", s.sessionId());
        w.writeString("nodeId", s.nodeId());
        w.writeString("incarnation", s.incarnation());
        w.writeInt64("updatedAt", s.updatedAt());
        w.writeBoolean("done", s.done());
        w.writeFloat64("shareRps", s.shareRps());
        w.writeInt32("users", s.users());
        w.writeInt32("blocks", s.blocks());
        w.writeArrayOfInt8("stats", s.stats());
    }

    @Override
    public String getTypeName() {
        return "siegegrid.NodeStats";
    }

    @Override
    public Class<NodeStats> getCompactClass() {
        return NodeStats.class;
    }
}
