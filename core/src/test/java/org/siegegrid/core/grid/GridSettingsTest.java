package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.siegegrid.core.session.Problem;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GridSettingsTest {

    @Test
    void defaultsAreValidAndDocumented() {
        GridSettings s = GridSettings.defaults();
        assertThat(s.validate()).isEmpty();
        assertThat(s.clusterName()).isEqualTo("siegegrid");
        assertThat(s.port()).isEqualTo(5701);
        assertThat(s.nodeId()).startsWith("node-").isEqualTo(s.nodeName());
        assertThat(s.quorum()).isEqualTo(Quorum.OFF);
        assertThat(s.lease()).isEqualTo(s.roundInterval().multipliedBy(3));
        assertThat(s.operationCallTimeout()).isLessThan(s.lease());
        assertThat(GridSettings.defaults().nodeId()).as("fresh id per process").isNotEqualTo(s.nodeId());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        GridSettings bad = new GridSettings("", " ", null, "", 0, true, List.of("a", " "), "tasks.x", Quorum.OFF,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(10), null, Duration.ofSeconds(5), Duration.ofMinutes(1));
        List<String> fields = bad.validate().stream().map(Problem::field).toList();
        assertThat(fields).contains("clusterName", "nodeId", "bind", "port", "members", "roundInterval",
                "heartbeatInterval", "mergeNextRun", "operationCallTimeout");
        assertThatThrownBy(() -> GridConfigFactory.build(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusterName").hasMessageContaining("port");
    }

    @Test
    void leaseMustOutlastTheRoundAndTheCallTimeout() {
        GridSettings s = GridSettings.defaults().withRounds(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(s.validate()).extracting(Problem::field).containsExactlyInAnyOrder("lease", "operationCallTimeout");
    }

    @ParameterizedTest
    @CsvSource({"majority,0,true,true", "MAJORITY,0,true,true", "1,1,false,false", "2,2,false,true",
            " 5 ,5,false,true"})
    void quorumParses(String text, int size, boolean majority, boolean enabled) {
        Quorum q = Quorum.parse(text);
        assertThat(q.majority()).isEqualTo(majority);
        assertThat(q.enabled()).isEqualTo(enabled);
        if (!majority) {
            assertThat(q.size()).isEqualTo(size);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "half", "", "2.5"})
    void badQuorumIsRejected(String text) {
        assertThatThrownBy(() -> Quorum.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("majority");
    }
}
