package org.siegegrid.core.load.siege;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.load.FakeTicker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.IntervalStats;

/** siege's output lines into the native engine's counters: a table, then whole recorded runs. */
class SiegeOutputTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("HTTP/1.1 200     0.01 secs:     100 bytes ==> GET  /path",
                        new SiegeLine.Response(200, 10_000, 100, "GET", "/path")),
                Arguments.of("HTTP/1.1 500     0.00 secs:     100 bytes ==> GET  /x",
                        new SiegeLine.Response(500, 0, 100, "GET", "/x")),
                Arguments.of("HTTP/1.0 404    12.34 secs:       0 bytes ==> POST http://127.0.0.1:9000/b",
                        new SiegeLine.Response(404, 12_340_000, 0, "POST", "http://127.0.0.1:9000/b")),
                Arguments.of("HTTP/1.1 200     0.00 secs:     100 bytes ==> DELETE http://h/d\r",
                        new SiegeLine.Response(200, 0, 100, "DELETE", "http://h/d")),
                Arguments.of("[\u001B[1;33merror\u001B[0m] socket: unable to connect sock.c:282: Connection refused",
                        new SiegeLine.Failure(ErrorKind.REFUSED, "socket: unable to connect sock.c:282: Connection refused")),
                Arguments.of("[error] socket: unable to connect sock.c:282: Connection refused",
                        new SiegeLine.Failure(ErrorKind.REFUSED, "socket: unable to connect sock.c:282: Connection refused")),
                Arguments.of("[\u001B[1;33merror\u001B[0m] socket: read error Connection reset by peer sock.c:635: "
                        + "Connection reset by peer", new SiegeLine.Failure(ErrorKind.RESET,
                        "socket: read error Connection reset by peer sock.c:635: Connection reset by peer")),
                Arguments.of("[alert] socket: select and discovered it's not ready sock.c:351: Connection timed out",
                        new SiegeLine.Failure(ErrorKind.TIMEOUT,
                                "socket: select and discovered it's not ready sock.c:351: Connection timed out")),
                Arguments.of("[alert] socket: read check timed out(30) sock.c:273: Connection timed out",
                        new SiegeLine.Failure(ErrorKind.TIMEOUT,
                                "socket: read check timed out(30) sock.c:273: Connection timed out")),
                Arguments.of("[error] Address resolution failed at sock.c:148 with the following error:: "
                        + "unknown host", new SiegeLine.Failure(ErrorKind.DNS,
                        "Address resolution failed at sock.c:148 with the following error:: unknown host")),
                Arguments.of("[error] socket: unable to connect: SSL handshake failed",
                        new SiegeLine.Failure(ErrorKind.TLS, "socket: unable to connect: SSL handshake failed")),
                Arguments.of("[error] socket: something odd sock.c:1: Bad file descriptor",
                        new SiegeLine.Failure(ErrorKind.OTHER, "socket: something odd sock.c:1: Bad file descriptor")),
                // about no request: not a failure
                Arguments.of("[alert] Zip encoding disabled; siege requires zlib support to enable it",
                        new SiegeLine.Other("[alert] Zip encoding disabled; siege requires zlib support to enable it")),
                Arguments.of("[fatal] unable to allocate memory for 5000 simulated browser: socket: connect",
                        new SiegeLine.Other("[fatal] unable to allocate memory for 5000 simulated browser: socket: connect")),
                Arguments.of("Transactions:\t\t           6 hits", new SiegeLine.Summary("Transactions", 6)),
                Arguments.of("Failed transactions:\t           5", new SiegeLine.Summary("Failed transactions", 5)),
                Arguments.of("Successful transactions:           6", new SiegeLine.Summary("Successful transactions", 6)),
                Arguments.of("Availability:\t\t      100.00 %", new SiegeLine.Other("Availability:\t\t      100.00 %")),
                Arguments.of("** SIEGE 4.0.7", new SiegeLine.Other("** SIEGE 4.0.7")),
                Arguments.of("", new SiegeLine.Other("")),
                Arguments.of("HTTP/1.1 abc 0.01 secs: 1 bytes ==> GET /", new SiegeLine.Other(
                        "HTTP/1.1 abc 0.01 secs: 1 bytes ==> GET /")));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void parsesALine(String line, SiegeLine expected) {
        assertThat(SiegeOutput.parse(line)).isEqualTo(expected);
    }

    record Run(String name, long issued, long responses, long successes, long bytes, long e5xx, long refused,
               long reset, long other) {
    }

    static Stream<Run> runs() {
        return Stream.of(
                new Run("ok", 6, 6, 6, 600, 0, 0, 0, 0),
                new Run("5xx", 10, 10, 5, 1000, 5, 0, 0, 0),
                new Run("refused", 4, 0, 0, 0, 0, 4, 0, 0),
                new Run("reset", 8, 4, 4, 400, 0, 0, 4, 0),
                new Run("garbage", 2, 0, 0, 0, 0, 0, 0, 2),
                new Run("hang", 0, 0, 0, 0, 0, 0, 0, 0));
    }

    /** A recorded run read as the runner reads it: both streams, then the summary's unseen failures. */
    @ParameterizedTest
    @MethodSource("runs")
    void aRecordedRunAddsUpLikeSiegesSummary(Run run) throws IOException {
        SiegeRecorder rec = new SiegeRecorder(new FakeTicker());
        rec.begin();
        long seenFailures = 0;
        double summaryFailed = -1;
        double summaryTransactions = -1;
        long transactions = 0;
        for (String stream : List.of(".out", ".err")) {
            for (String line : lines(run.name() + stream)) {
                SiegeLine l = SiegeOutput.parse(line);
                rec.record(l);
                if (l instanceof SiegeLine.Failure || l instanceof SiegeLine.Response r && r.status() >= 500) {
                    seenFailures++;
                } else if (l instanceof SiegeLine.Response) {
                    transactions++;
                } else if (l instanceof SiegeLine.Summary s && s.field().equals("Failed transactions")) {
                    summaryFailed = s.value();
                } else if (l instanceof SiegeLine.Summary s && s.field().equals("Transactions")) {
                    summaryTransactions = s.value();
                }
            }
        }
        for (long i = 0; i < Math.round(summaryFailed) - seenFailures; i++) {
            rec.failure(ErrorKind.OTHER);
        }
        Counters c = rec.totals();
        assertThat(c.issued()).isEqualTo(run.issued());
        assertThat(c.responses()).isEqualTo(run.responses());
        assertThat(c.successes()).isEqualTo(run.successes());
        assertThat(c.bytes()).isEqualTo(run.bytes());
        assertThat(c.error(ErrorKind.HTTP_5XX)).isEqualTo(run.e5xx());
        assertThat(c.error(ErrorKind.REFUSED)).isEqualTo(run.refused());
        assertThat(c.error(ErrorKind.RESET)).isEqualTo(run.reset());
        assertThat(c.error(ErrorKind.OTHER)).isEqualTo(run.other());
        // what siege says it did is what the lines add up to: transactions exclude 5xx, failures include them
        assertThat(transactions).isEqualTo(Math.round(summaryTransactions));
        assertThat(c.socketFailures() + c.error(ErrorKind.HTTP_5XX)).isEqualTo(Math.round(summaryFailed));
        IntervalStats i = rec.take();
        assertThat(i.counters()).isEqualTo(c);
        assertThat(i.corrected().getTotalCount()).isEqualTo(run.responses());
        assertThat(i.service().getTotalCount()).isEqualTo(run.responses());
        assertThat(rec.take().counters().issued()).isZero();   // intervals add up to the run
    }

    @Test
    void methodsTheUrlFileKnows() throws IOException {
        List<String> methods = lines("methods.out").stream().map(SiegeOutput::parse)
                .map(l -> ((SiegeLine.Response) l).method()).toList();
        // HEAD is read as part of the path (sent as GET), PATCH sends nothing: the engine refuses both
        assertThat(methods).containsExactly("POST", "PUT", "DELETE", "GET", "OPTIONS");
        assertThat(SiegeFiles.METHODS).doesNotContain("HEAD", "PATCH");
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = SiegeOutputTest.class.getResourceAsStream("/siege/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
