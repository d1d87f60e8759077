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
                        ? SessionCompact.list(r.readArrayOfString("engines")) : NodeInfo.NATIVE_ONLY);
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
