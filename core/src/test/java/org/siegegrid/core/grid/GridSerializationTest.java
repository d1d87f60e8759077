package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.SerializationConstants;
import com.hazelcast.internal.serialization.impl.compact.Schema;
import com.hazelcast.internal.serialization.impl.compact.SchemaService;
import com.hazelcast.nio.serialization.compact.CompactSerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.WhiteboardRound;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GridSerializationTest {

    /** A schema registry in memory, standing in for the cluster's schema replication. */
    static final class LocalSchemas implements SchemaService {
        final Map<Long, Schema> schemas = new ConcurrentHashMap<>();

        @Override
        public Schema get(long id) {
            return schemas.get(id);
        }

        @Override
        public void put(Schema schema) {
            schemas.put(schema.getSchemaId(), schema);
        }

        @Override
        public void putLocal(Schema schema) {
            put(schema);
        }
    }

    static InternalSerializationService ss;

    @BeforeAll
    static void service() {
        var cfg = GridConfigFactory.build(GridSettings.defaults());
        ss = new DefaultSerializationServiceBuilder().setConfig(cfg.getSerializationConfig())
                .setSchemaService(new LocalSchemas()).build();
    }

    @AfterAll
    static void dispose() {
        ss.dispose();
    }

    @Test
    void everyValueRoundTripsAsExplicitCompact() {
        for (Object v : Values.all()) {
            Data data = ss.toData(v);
            assertThat(data.getType()).as(v.getClass().getSimpleName()).isEqualTo(SerializationConstants.TYPE_COMPACT);
            Object back = ss.toObject(data);
            assertThat(back).as(v.getClass().getSimpleName()).isEqualTo(v);
            System.out.printf("%-12s %4d bytes%n", v.getClass().getSimpleName(), data.totalSize());
        }
    }

    @Test
    void everyValueClassHasItsOwnSerializer() {
        Set<Class<?>> registered = GridSerialization.compactSerializers().stream()
                .map(CompactSerializer::getCompactClass).collect(Collectors.toSet());
        Set<Class<?>> used = Values.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(registered).containsExactlyInAnyOrderElementsOf(used);
        Set<String> typeNames = GridSerialization.compactSerializers().stream()
                .map(CompactSerializer::getTypeName).collect(Collectors.toSet());
        assertThat(typeNames).hasSize(registered.size()).allMatch(n -> n.startsWith("siegegrid."));
    }

    @Test
    void processorsTasksAndTheMergePolicyAreIdentifiedDataSerializable() {
        RoundInput in = RoundInput.builder("node-a").weight(4).capRps(4000).achievedRps(12.5).counts(10, 9, 1)
                .live(List.of("node-a", "node-b")).now(123).leaseMillis(3000).roundMillis(1000).quotaWanted(77)
                .targetRps(5000).drained(true).build();
        Data d = ss.toData(new WhiteboardRound(in));
        assertThat(d.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
        assertThat(((WhiteboardRound) ss.toObject(d)).input()).isEqualTo(in);

        var append = new EventAppendProcessor(List.of(org.siegegrid.core.session.SessionEvent.of(7, "died", "node-b",
                "member removed without leaving"), org.siegegrid.core.session.SessionEvent.of(8, "left", null, "")), 500);
        Data ad = ss.toData(append);
        assertThat(ad.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
        var log = new java.util.AbstractMap.SimpleEntry<String, org.siegegrid.core.session.SessionEventLog>("s",
                Values.EVENT_LOG);
        assertThat(((EventAppendProcessor) ss.toObject(ad)).process(log)).isEqualTo(5L);
        assertThat(log.getValue().events()).extracting(org.siegegrid.core.session.SessionEvent::kind)
                .containsExactly("created", "drained", "died", "left");

        for (Object o : List.of(new SessionMergePolicy(), new ForgetNodeTask("node-a"))) {
            Data x = ss.toData(o);
            assertThat(x.getType()).isEqualTo(SerializationConstants.CONSTANT_TYPE_DATA_SERIALIZABLE);
            assertThat(ss.<Object>toObject(x)).isInstanceOf(o.getClass());
        }
    }

    /** A value somebody forgot to register: zero-config Compact is blocked for our packages. */
    record Forgotten(String a, int b) {
    }

    /** A Serializable value: Java serialization is blocked for our packages. */
    static final class Legacy implements Serializable {
        int x = 1;
    }

    @Test
    void nothingOfOursFallsBackToReflectiveCompactOrJavaSerialization() {
        assertThatThrownBy(() -> ss.toObject(ss.toData(new Forgotten("a", 1))))
                .as("zero-config compact").isInstanceOf(RuntimeException.class)
                .satisfies(e -> System.out.println("unregistered record: " + e + " <- " + e.getCause()));
        assertThatThrownBy(() -> ss.toObject(ss.toData(new Legacy())))
                .as("java serialization").isInstanceOf(RuntimeException.class)
                .satisfies(e -> System.out.println("java-serializable: " + e));
    }
}
