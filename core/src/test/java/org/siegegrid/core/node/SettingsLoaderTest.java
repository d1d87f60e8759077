package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Problem;

class SettingsLoaderTest {

    @Test
    void defaultsComeFromTheShippedFile() {
        List<Problem> problems = new ArrayList<>();
        NodeSettings s = new SettingsLoader().resolve(problems);
        assertThat(problems).isEmpty();
        assertThat(s.clusterName()).isEqualTo("siegegrid");
        assertThat(s.port()).isEqualTo(5701);
        assertThat(s.apiPort()).isEqualTo(8080);
        assertThat(s.quorum()).isEqualTo(1);
        assertThat(s.roundInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.lease()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.targetsAllow()).containsExactly("*");
        assertThat(s.maxRps()).isEqualTo(10_000_000);
        assertThat(s.members()).isEmpty();
    }

    @Test
    void flagBeatsEnvBeatsFileBeatsDefault(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "cluster.name=from-file\nport=5801\napi.port=9001\nquorum=2\n");
        List<Problem> problems = new ArrayList<>();
        NodeSettings s = new SettingsLoader()
                .file(file, problems)
                .env(Map.of("SIEGEGRID_PORT", "5901", "SIEGEGRID_API_PORT", "9002", "SIEGEGRID_QUORUM", "majority",
                        "UNRELATED", "x"))
                .flag("api.port", "9003")
                .flag("cluster.name", null)
                .resolve(problems);
        assertThat(problems).isEmpty();
        assertThat(s.clusterName()).isEqualTo("from-file");
        assertThat(s.port()).isEqualTo(5901);
        assertThat(s.apiPort()).isEqualTo(9003);
        assertThat(s.majorityQuorum()).isTrue();
    }

    @Test
    void everyEnvNameFollowsTheRule() {
        assertThat(SettingsLoader.envName("cluster.name")).isEqualTo("SIEGEGRID_CLUSTER_NAME");
        assertThat(SettingsLoader.envName("round.interval")).isEqualTo("SIEGEGRID_ROUND_INTERVAL");
        assertThat(SettingsLoader.keys()).contains("discovery.dns", "targets.allow", "max.rps", "reports.dir",
                "api.token", "capacity.rps", "lease");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port|0|port",
            "port|abc|port",
            "api.port|70000|api.port",
            "quorum|0|quorum",
            "quorum|most|quorum",
            "round.interval|fast|round.interval",
            "round.interval|0s|round.interval",
            "capacity.rps|-5|capacity.rps",
            "max.rps|NaN|max.rps",
            "cluster.name|''|cluster.name",
    })
    void badValuesNameTheKeyAndItsOrigin(String key, String value, String field) {
        List<Problem> problems = new ArrayList<>();
        NodeSettings s = new SettingsLoader().flag(key, value).resolve(problems);
        assertThat(s).isNull();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).field()).startsWith(field).contains("--" + key.replace('.', '-'));
    }

    @Test
    void allProblemsAtOnceAndLeaseMustExceedTheRound(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "colour=blue\n");
        List<Problem> problems = new ArrayList<>();
        new SettingsLoader().file(file, problems)
                .env(Map.of("SIEGEGRID_PORT", "-1", "SIEGEGRID_LEASE", "500ms"))
                .resolve(problems);
        assertThat(problems).extracting(Problem::field)
                .anyMatch(f -> f.contains("colour"))
                .anyMatch(f -> f.startsWith("port (SIEGEGRID_PORT)"))
                .anyMatch(f -> f.startsWith("lease (SIEGEGRID_LEASE)"));
    }
}
