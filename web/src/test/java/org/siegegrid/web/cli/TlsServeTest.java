package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.session.Problem;
import org.siegegrid.web.api.TlsKeys;

/**
 * {@code serve}'s {@code api.tls.*} settings: from a flag, the environment or a {@code --config}
 * file; a wrong password or an unusable keystore is one line naming the setting, where it came from
 * and the file, exit 2, before anything listens; never a trace (checked on a real process too).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsServeTest {
    @TempDir
    static Path dir;
    private static TlsKeys keys;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        keys = TlsKeys.make(dir, "serve", TlsKeys.LOOPBACK_SAN);
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String cluster() {
        return "sg-tls-serve-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Cli.Result serve(String... tlsArgs) {
        List<String> args = new ArrayList<>(List.of("serve", "--cluster-name", cluster(), "--api-port", "0",
                "--node-id", "x", "--reports-dir", dir.resolve("reports").toString()));
        args.addAll(List.of(tlsArgs));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        System.out.println("serve " + String.join(" ", tlsArgs) + ": exit " + r.exit() + " in " + r.millis() + " ms: "
                + r.err().strip());
        return r;
    }

    @Test
    void aWrongPasswordIsExitTwoWithOneLine() {
        Cli.Result r = serve("--api-tls-keystore", keys.keystore().toString(), "--api-tls-password", "wrong");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("siegegrid serve: api.tls.password (--api-tls-password): wrong password"
                + " for keystore " + keys.keystore());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingKeystoreIsExitTwoWithOneLineAndOtherProblemsComeWithIt() {
        Path missing = dir.resolve("missing.p12");
        Cli.Result r = serve("--api-tls-keystore", missing.toString(), "--api-tls-password", "x", "--max-rps", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly(
                "siegegrid serve: max.rps (--max-rps): must be between 1 and 1000000000, got 0",
                "siegegrid serve: api.tls.keystore (--api-tls-keystore): cannot read " + missing + ": no such file");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aPasswordWithoutAKeystoreIsAProblem() {
        Cli.Result r = serve("--api-tls-password", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("siegegrid serve: api.tls.password (--api-tls-password): is set but"
                + " api.tls.keystore is not (the keystore it opens)");
    }

    @Test
    void theSettingsComeFromTheEnvironmentAndTheConfigFileWithTheirOrigin() throws Exception {
        ServeCommand fromEnv = new ServeCommand();
        List<Problem> problems = new ArrayList<>();
        fromEnv.settings(Map.of("SIEGEGRID_API_TLS_KEYSTORE", keys.keystore().toString(),
                "SIEGEGRID_API_TLS_PASSWORD", "wrong"), problems);
        assertThat(problems).extracting(Problem::toString).containsExactly("api.tls.password"
                + " (SIEGEGRID_API_TLS_PASSWORD): wrong password for keystore " + keys.keystore());

        Path config = Files.writeString(dir.resolve("tls.properties"), "api.tls.keystore=" + keys.keystore()
                + "\napi.tls.password=" + keys.password() + "\n");
        ServeCommand fromFile = new ServeCommand();
        fromFile.config = config;
        problems.clear();
        assertThat(fromFile.settings(Map.of(), problems)).isNotNull();
        assertThat(problems).isEmpty();

        ServeCommand flagWins = new ServeCommand();
        flagWins.config = config;
        flagWins.apiTlsKeystore = keys.pem().toString();
        problems.clear();
        assertThat(flagWins.settings(Map.of("SIEGEGRID_API_TLS_KEYSTORE", "/no/such.p12"), problems)).isNull();
        assertThat(problems).extracting(Problem::toString).containsExactly("api.tls.keystore (--api-tls-keystore): "
                + keys.pem() + " is not a PKCS12 keystore (toDerInputStream rejects tag type 45)");

        ServeCommand envOverFile = new ServeCommand();
        envOverFile.config = config;
        problems.clear();
        assertThat(envOverFile.settings(Map.of("SIEGEGRID_API_TLS_PASSWORD", "wrong"), problems)).isNull();
        assertThat(problems).extracting(Problem::toString).containsExactly("api.tls.password"
                + " (SIEGEGRID_API_TLS_PASSWORD): wrong password for keystore " + keys.keystore());
    }

    @Test
    void aRealProcessWithAWrongPasswordPrintsOneLineAndNoTrace() throws Exception {
        Path out = dir.resolve("real.out");
        Path err = dir.resolve("real.err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--cluster-name", cluster(), "--api-port", "0", "--node-id", "x",
                "--reports-dir", dir.resolve("reports").toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SIEGEGRID_"));
        pb.environment().put("SIEGEGRID_API_TLS_KEYSTORE", keys.keystore().toString());
        pb.environment().put("SIEGEGRID_API_TLS_PASSWORD", "wrong");
        long t0 = System.nanoTime();
        Process p = pb.start();
        processes.add(p);
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String stderr = Files.readString(err);
        String stdout = Files.readString(out);
        System.out.println("real serve, wrong password: exit " + p.exitValue() + " after " + ms + " ms: " + stderr.strip()
                + (stdout.isBlank() ? "" : " | stdout: " + stdout.strip()));
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr.lines().toList()).containsExactly("siegegrid serve: api.tls.password"
                + " (SIEGEGRID_API_TLS_PASSWORD): wrong password for keystore " + keys.keystore());
        assertThat(stdout).doesNotContain("\tat ", "Exception", "SiegeGrid node");
    }
}
