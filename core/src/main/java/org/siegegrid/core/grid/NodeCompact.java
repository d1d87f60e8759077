package org.siegegrid.core.grid;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/** Compact serializer of {@link NodeInfo}. Registered by {@link GridSerialization}. */
public final class NodeCompact implements CompactSerializer<NodeInfo> {

    @Override
    public NodeInfo read(CompactReader r) {
        return new NodeInfo(r.readString("nodeId"), r.readString("name"),
                SessionCompact.list(r.readArrayOfString("addresses")), r.readString("apiUrl"),
                NodeState.valueOf(r.readString("state")), r.readFloat64("capRps"), r.readInt32("cores"),
                r.readString("version"), r.readInt64("updatedAt"),
                // written by a node from before engines were listed: it has the native engine only
                r.getFieldKind("engines") == FieldKind.ARRAY_OF_STRING
                        ? SessionCompact.list(r.readArrayOfString("engines")) : NodeInfo.NATIVE_ONLY,
                process(r));
    }

    /** The process figures; null when unknown, or written by a node from before they were published. */
    private static ProcessLoad process(CompactReader r) {
        if (r.getFieldKind("processAt") != FieldKind.INT64) {
            return null;
        }
        long at = r.readInt64("processAt");
        return at == 0 ? null : new ProcessLoad(r.readFloat64("cpuLoad"), r.readInt64("heapUsedBytes"),
                r.readInt64("heapMaxBytes"), at);
    }

    @Override
    public void write(CompactWriter w, NodeInfo n) {
        w.writeString("nodeId", n.nodeId());
        w.writeString("name", n.name());
        w.writeArrayOfString("addresses", n.addresses().toArray(new String[0]));
        w.writeString("apiUrl", n.apiUrl());
        w.writeString("state", n.state().name());
        w.writeFloat64("capRps", n.capRps());
        w.writeInt32("cores", n.cores());
        w.writeString("version", n.version());
        w.writeInt64("updatedAt", n.updatedAt());
        w.writeArrayOfString("engines", n.engines().toArray(new String[0]));
        ProcessLoad p = n.process();
        w.writeInt64("processAt", p == null ? 0 : p.at());
        w.writeFloat64("cpuLoad", p == null ? -1 : p.cpuLoad());
        w.writeInt64("heapUsedBytes", p == null ? 0 : p.heapUsedBytes());
        w.writeInt64("heapMaxBytes", p == null ? 0 : p.heapMaxBytes());
    }

    @Override
    public String getTypeName() {
        return "siegegrid.NodeInfo";
    }

    @Override
    public Class<NodeInfo> getCompactClass() {
        return NodeInfo.class;
    }
}
