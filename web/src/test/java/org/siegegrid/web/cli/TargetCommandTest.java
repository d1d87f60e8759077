package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TargetCommandTest {
    private static final Pattern LISTENING = Pattern.compile("target listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void printsItsPortThenOneLineASecondWhileTrafficFlows() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"target", "--port", "0", "--latency", "1ms", "--duration", "3s"}, ps, ps));
        Matcher m = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> LISTENING.matcher(out.toString(StandardCharsets.UTF_8)), Matcher::find);
        int port = Integer.parseInt(m.group(1));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long until = System.nanoTime() + 1_500_000_000L;
        int sent = 0;
        while (System.nanoTime() < until) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                    HttpResponse.BodyHandlers.discarding());
            sent++;
        }
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(text).contains("req/s").contains("target stopped after " + sent + " requests");
    }

    @Test
    void sigtermStopsItAfterPrintingTheFinalCount(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("target.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "target", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Matcher m = Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                    () -> LISTENING.matcher(Files.readString(log)), Matcher::find);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 25; i++) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(log);
            System.out.print(text);
            assertThat(text).contains("target stopped after 25 requests");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aTakenPortIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = Cli.run("target", "--port", String.valueOf(taken.getLocalPort()));
            System.out.println(r.err());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }
}
