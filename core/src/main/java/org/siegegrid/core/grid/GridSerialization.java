package org.siegegrid.core.grid;

import java.util.List;

import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.nio.serialization.compact.CompactSerializer;

import org.siegegrid.core.board.WhiteboardRound;
import org.siegegrid.core.board.WireIds;

/**
 * The one place where every cluster value's serialization is chosen and registered.
 *
 * <ul>
 *   <li>Values (records) use Compact with an explicit serializer each: schema-evolvable, queryable,
 *       about a quarter of the bytes of Java serialization.</li>
 *   <li>Processors, tasks and the merge policy are {@link IdentifiedDataSerializable}, created by
 *       {@link #FACTORY} under {@link WireIds#FACTORY_ID}.</li>
 *   <li>Nothing of SiegeGrid may fall back to Java serialization or to zero-config (reflective)
 *       Compact: both are blocked for {@code org.siegegrid.}, so a value someone forgets to register
 *       fails loudly in the serialization test instead of travelling silently.</li>
 * </ul>
 * To add a value (stats record, report...): write a {@link CompactSerializer}, add it to
 * {@link #compactSerializers()}; the round-trip test then covers it.
 */
public final class GridSerialization {

    public static final String BLOCKED_PREFIX = "org.siegegrid.";

    /** Creates SiegeGrid's IdentifiedDataSerializable classes by class id. */
    public static final DataSerializableFactory FACTORY = new Factory();

    private GridSerialization() {
    }

    /** Every explicit Compact serializer, one per value class. */
    public static List<CompactSerializer<?>> compactSerializers() {
        return List.of(
                new SessionCompact.SessionSerializer(),
                new SessionCompact.SpecSerializer(),
                new SessionCompact.TargetSerializer(),
                new SessionCompact.StageSerializer(),
                new BoardCompact.WhiteboardSerializer(),
                new BoardCompact.NodeEntrySerializer(),
                new BoardCompact.ShareSerializer(),
                new BoardCompact.RoundResultSerializer(),
                new NodeCompact(),
                new StatsCompact(),
                new ReportCompact(),
                new EventCompact.LogSerializer(),
                new EventCompact.EventSerializer());
    }

    /** Registers everything on a member's (or a client's) serialization config. */
    public static SerializationConfig register(SerializationConfig cfg) {
        cfg.addDataSerializableFactory(WireIds.FACTORY_ID, FACTORY);
        for (CompactSerializer<?> s : compactSerializers()) {
            cfg.getCompactSerializationConfig().addSerializer(s);
        }
        JavaSerializationFilterConfig zeroConfig = new JavaSerializationFilterConfig();
        zeroConfig.getBlacklist().addPrefixes(BLOCKED_PREFIX);
        cfg.getCompactSerializationConfig().setZeroConfigFilter(zeroConfig);
        JavaSerializationFilterConfig java = cfg.getJavaSerializationFilterConfig() == null
                ? new JavaSerializationFilterConfig() : cfg.getJavaSerializationFilterConfig();
        java.getBlacklist().addPrefixes(BLOCKED_PREFIX);
        cfg.setJavaSerializationFilterConfig(java);
        return cfg;
    }

    /** The factory for {@link WireIds#FACTORY_ID}; public with a no-arg constructor for YAML configs. */
    public static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int classId) {
            return switch (classId) {
                case WireIds.WHITEBOARD_ROUND -> new WhiteboardRound();
                case WireIds.SESSION_MERGE_POLICY -> new SessionMergePolicy();
                case WireIds.FORGET_NODE_TASK -> new ForgetNodeTask();
                case WireIds.LIFECYCLE_PROCESSOR -> new LifecycleProcessor();
                case WireIds.LIFECYCLE_RESULT -> new LifecycleProcessor.Result();
                case WireIds.EVENT_APPEND_PROCESSOR -> new EventAppendProcessor();
                default -> null;
            };
        }
    }
}
