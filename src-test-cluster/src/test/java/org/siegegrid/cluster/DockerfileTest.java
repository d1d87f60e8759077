package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docker/Dockerfile, read as the builder reads it: what the image runs as, how it is checked and stopped. */
class DockerfileTest {

    private static List<String> all() throws IOException {
        return DockerFiles.instructions(DockerFiles.read("Dockerfile"));
    }

    private static List<String> runtime() throws IOException {
        return DockerFiles.finalStage(all());
    }

    private static List<String> args(List<String> stage, String keyword) {
        return stage.stream().filter(i -> DockerFiles.keyword(i).equals(keyword)).map(DockerFiles::argument).toList();
    }

    @Test
    void theBuildStageRunsTheMavenBuildAndTheRuntimeIsAJre17() throws IOException {
        List<String> from = args(all(), "FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("maven:\\S*temurin-17\\S* AS build");
        assertThat(args(all(), "RUN")).anyMatch(r -> r.contains("mvn ") && r.contains(" package"));
        assertThat(from.get(1)).matches("eclipse-temurin:17-jre\\S*");
        assertThat(args(runtime(), "COPY")).anyMatch(c -> c.startsWith("--from=build ") && c.contains("siegegrid.jar"));
    }

    @Test
    void theLauncherShipsBesideTheJarSoTheImageStartsJavaWithItsFlags() throws IOException {
        // entrypoint.sh starts /opt/siegegrid/siegegrid (bin/siegegrid), which finds siegegrid.jar beside it
        List<String> copies = args(runtime(), "COPY");
        assertThat(copies).anyMatch(c -> c.matches("--from=build \\S+ /opt/siegegrid/siegegrid\\.jar"));
        assertThat(copies).as("bin/siegegrid and the entrypoint, into /opt/siegegrid/")
                .anyMatch(c -> c.matches("(\\S+ )*bin/siegegrid( \\S+)* /opt/siegegrid/")
                        && c.matches("(\\S+ )*docker/entrypoint\\.sh( \\S+)* /opt/siegegrid/"));
        String entrypoint = DockerFiles.read("entrypoint.sh");
        assertThat(entrypoint).as("one list of JVM flags: the launcher's").contains("exec sh \"$launcher\" \"$@\"")
                .doesNotContain("exec java").doesNotContain("--add-opens").doesNotContain("ExitOnOutOfMemoryError");
    }

    @Test
    void itRunsAsANonRootUser() throws IOException {
        List<String> user = args(runtime(), "USER");
        assertThat(user).as("a USER in the runtime stage").isNotEmpty();
        String last = user.get(user.size() - 1);
        String name = last.split(":")[0];
        assertThat(name).isNotIn("root", "0", "");
        String adduser = String.join("\n", args(runtime(), "RUN"));
        assertThat(adduser).as("the user exists, with that uid").contains("useradd").contains("--uid " + name);
    }

    @Test
    void itChecksItsHealthOnHealthAndStopsWithSigterm() throws IOException {
        List<String> health = args(runtime(), "HEALTHCHECK");
        assertThat(health).hasSize(1);
        assertThat(health.get(0)).contains("CMD").doesNotContain("NONE").contains("healthcheck.sh");
        String script = DockerFiles.read("healthcheck.sh");
        assertThat(script).contains("/health\"").doesNotContain("/health/ready\"");
        assertThat(args(runtime(), "STOPSIGNAL")).containsExactly("SIGTERM");
    }

    @Test
    void thePortsAreExposedAndEveryDefaultIsASiegegridVariable() throws IOException {
        assertThat(String.join(" ", args(runtime(), "EXPOSE")).split(" ")).contains("8080", "5701");
        Matcher m = Pattern.compile("(\\w+)=").matcher(String.join(" ", args(runtime(), "ENV")));
        int n = 0;
        while (m.find()) {
            assertThat(m.group(1)).matches("SIEGEGRID_[A-Z_]+|JAVA_OPTS");
            n++;
        }
        assertThat(n).isPositive();
        assertThat(args(runtime(), "ENTRYPOINT")).containsExactly("[\"/opt/siegegrid/entrypoint.sh\"]");
        assertThat(args(runtime(), "CMD")).containsExactly("[\"serve\"]");
    }
}
