package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.session.Problem;

/** A node's id: kept in reports.dir, locked while the node lives, never shared by two live nodes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NodeIdentityTest {

    private static Supplier<String> ids(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return () -> prefix + n.incrementAndGet();
    }

    @Test
    void aNewIdIsWrittenAndKeptAcrossRestarts(@TempDir Path dir) throws IOException {
        Path reports = dir.resolve("reports/sub");
        String id;
        try (NodeIdentity first = NodeIdentity.acquire(reports)) {
            id = first.id();
            assertThat(id).matches("n-[a-z2-7]{10}");
            assertThat(first.file()).contains(reports.resolve("node.id"));
            assertThat(Files.readString(reports.resolve("node.id")).strip()).isEqualTo(id);
        }
        try (NodeIdentity again = NodeIdentity.acquire(reports)) {
            assertThat(again.id()).as("a restarted node keeps its id").isEqualTo(id);
        }
    }

    @Test
    void aSecondLiveNodeOnTheSameDirectoryTakesTheNextFile(@TempDir Path dir) throws IOException {
        Supplier<String> gen = ids("id-");
        try (NodeIdentity a = NodeIdentity.acquire(dir, gen);
             NodeIdentity b = NodeIdentity.acquire(dir, gen);
             NodeIdentity c = NodeIdentity.acquire(dir, gen)) {
            assertThat(List.of(a.id(), b.id(), c.id())).containsExactly("id-1", "id-2", "id-3");
            assertThat(c.file()).contains(dir.resolve("node-3.id"));
            assertThat(Files.readString(dir.resolve("node-2.id")).strip()).isEqualTo("id-2");
        }
        try (NodeIdentity b = dirLockedByFirst(dir, gen)) {
            assertThat(b.id()).as("node-2.id keeps its id too").isEqualTo("id-2");
        }
    }

    private static NodeIdentity dirLockedByFirst(Path dir, Supplier<String> gen) throws IOException {
        try (NodeIdentity a = NodeIdentity.acquire(dir, gen)) {
            assertThat(a.id()).isEqualTo("id-1");
            return NodeIdentity.acquire(dir, gen);
        }
    }

    @Test
    void anotherProcessHoldingTheFileMakesThisOneTakeTheNext(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                dir.toString()).redirectError(new File("/dev/null")).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            String held = out.readLine();
            assertThat(held).as("the other process's id").isNotNull();
            try (NodeIdentity mine = NodeIdentity.acquire(dir)) {
                System.out.println("other process holds " + held + "; this one takes " + mine);
                assertThat(mine.id()).isNotEqualTo(held);
                assertThat(mine.file()).contains(dir.resolve("node-2.id"));
            }
            holder.getOutputStream().close();   // the holder exits, its lock goes with it
            assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (NodeIdentity after = NodeIdentity.acquire(dir)) {
                assertThat(after.id()).as("free again once that process ended").isEqualTo(held);
            }
        } finally {
            holder.destroyForcibly();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Holds the identity of a directory until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws IOException {
            try (NodeIdentity id = NodeIdentity.acquire(Path.of(args[0]))) {
                System.out.println(id.id());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close stdin
                }
            }
        }
    }

    @ParameterizedTest(name = "file holds ''{0}''")
    @CsvSource(value = {"'  kept-id \n',kept-id", "'',gen-1", "'   \n',gen-1", "'has space',gen-1", "'a/b',gen-1"},
            quoteCharacter = '\'')
    void aFileWithoutAValidIdGetsANewOne(String content, String expected, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("node.id"), content);
        try (NodeIdentity id = NodeIdentity.acquire(dir, ids("gen-"))) {
            assertThat(id.id()).isEqualTo(expected);
        }
        assertThat(Files.readString(dir.resolve("node.id")).strip()).isEqualTo(expected.equals("kept-id")
                ? content.strip() : expected);
    }

    @Test
    void aGivenIdUsesNoFile(@TempDir Path dir) {
        try (NodeIdentity id = NodeIdentity.given("b")) {
            assertThat(id.id()).isEqualTo("b");
            assertThat(id.file()).isEmpty();
        }
        assertThat(dir.toFile().list()).isEmpty();
        assertThatThrownBy(() -> NodeIdentity.given("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDirectoryThatCannotHoldTheFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> NodeIdentity.acquire(file)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest(name = "''{0}'' ok={1}")
    @CsvSource(value = {"a,true", "node-1,true", "127.0.0.1:5701,true", "x@host_1.b,true", "'',false", "-a,false",
            "'a b',false", "a/b,false", "é,false"}, quoteCharacter = '\'')
    void idsAreShortAndSafeInKeysAndPaths(String id, boolean ok) {
        assertThat(NodeIdentity.problem(id) == null).isEqualTo(ok);
        assertThat(NodeIdentity.problem("x".repeat(64))).isNull();
        assertThat(NodeIdentity.problem("x".repeat(65))).isNotNull();
    }

    @Test
    void generatedIdsAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(NodeIdentity.generate())).isTrue();
        }
    }

    @Test
    void settingsCarryTheIdNameAndPublicAddressToTheGrid() {
        List<Problem> problems = new ArrayList<>();
        NodeSettings s = new SettingsLoader().env(Map.of("SIEGEGRID_NODE_ID", "b", "SIEGEGRID_PUBLIC_ADDRESS",
                "10.0.0.5:5801")).flag("node.name", "Bee").resolve(problems);
        assertThat(problems).isEmpty();
        assertThat(s.nodeId()).isEqualTo("b");
        GridSettings g = s.toGridSettings();
        assertThat(g.nodeId()).isEqualTo("b");
        assertThat(g.nodeName()).isEqualTo("Bee");
        assertThat(g.publicAddress()).isEqualTo("10.0.0.5:5801");
        assertThat(SiegeNode.gridSettings(s)).isEqualTo(g);

        NodeSettings unnamed = new SettingsLoader().resolve(problems);
        assertThat(unnamed.nodeId()).as("a stand-in until serve reads reports.dir").matches("n-[a-z2-7]{10}");
        assertThat(unnamed.displayName()).isEqualTo(unnamed.nodeId());
        assertThat(unnamed.withNodeId("kept").toGridSettings().nodeName()).isEqualTo("kept");
        assertThat(unnamed.toGridSettings().publicAddress()).isNull();
    }

    @Test
    void theOldConstructorTakesTheNodeNameAsId() {
        NodeSettings named = new NodeSettings("c", "alpha", "127.0.0.1", 5701, List.of(), "", 1, Duration.ofSeconds(1),
                Duration.ofSeconds(3), 0, 0, "", List.of("*"), 1e6, Path.of("reports"));
        assertThat(named.nodeId()).isEqualTo("alpha");
        assertThat(named.withNodeName("Alpha").nodeId()).isEqualTo("alpha");
        NodeSettings unnamed = new NodeSettings("c", "", "127.0.0.1", 5701, List.of(), "", 1, Duration.ofSeconds(1),
                Duration.ofSeconds(3), 0, 0, "", List.of("*"), 1e6, Path.of("reports"));
        assertThat(unnamed.nodeId()).startsWith("n-").isNotEqualTo("127.0.0.1:5701");
    }

    @ParameterizedTest
    @CsvSource(value = {"'a b'", "-x", "'x/y'"}, quoteCharacter = '\'')
    void aBadNodeIdIsAProblemNamingIt(String id) {
        List<Problem> problems = new ArrayList<>();
        assertThat(new SettingsLoader().flag("node.id", id).resolve(problems)).isNull();
        assertThat(problems).extracting(Problem::field).containsExactly("node.id (--node-id)");
    }
}
