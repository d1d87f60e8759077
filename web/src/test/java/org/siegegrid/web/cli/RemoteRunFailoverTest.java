package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SpecJson;

/**
 * {@code run --api} with several nodes, against scripted nodes over real HTTP that share one
 * "cluster" (its sessions and how far the session has run): the node it follows dies or loses its
 * quorum and the run goes on through the next one with the same session; the create goes to the
 * next node only when it certainly did not reach one; no node for 30 s is one error naming them all.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteRunFailoverTest {
    static final String SESSIONS = "/api/v1/sessions";

    /** What the scripted nodes share: the stored sessions (id to spec as a node lists it) and the stats polls. */
    static final class Shared {
        final Map<String, JsonObject> sessions = new ConcurrentHashMap<>();
        final AtomicInteger polls = new AtomicInteger();
        final AtomicInteger creates = new AtomicInteger();
        final int runFor;

        Shared(int runFor) {
            this.runFor = runFor;
        }

        /** Stores a session as a node does; returns its id. */
        String store(String specJson) {
            String id = "s" + creates.incrementAndGet();
            sessions.put(id, SpecJson.toJsonObject(SpecJson.parse(specJson).spec()));
            return id;
        }
    }

    private final List<FakeApi> nodes = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final RemoteRunTest.FakeTicker ticker = new RemoteRunTest.FakeTicker();

    @AfterEach
    void close() {
        nodes.forEach(FakeApi::close);
    }

    /** A node of {@code shared}: its normal answers unless {@code override} returns one. */
    private FakeApi node(Shared shared, Function<FakeApi.Request, FakeApi.Answer> override) throws Exception {
        FakeApi n = new FakeApi(r -> {
            FakeApi.Answer a = override == null ? null : override.apply(r);
            return a != null ? a : normal(shared, r);
        });
        nodes.add(n);
        return n;
    }

    static FakeApi.Answer normal(Shared shared, FakeApi.Request r) {
        String p = r.path();
        if (p.equals(SESSIONS) && r.method().equals("POST")) {
            return FakeApi.Answer.json(201, "{\"id\":\"" + shared.store(r.body()) + "\",\"state\":\"RUNNING\"}");
        }
        if (p.equals(SESSIONS)) {
            JsonArray list = new JsonArray();
            shared.sessions.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                JsonObject s = new JsonObject();
                s.addProperty("id", e.getKey());
                s.addProperty("state", "RUNNING");
                s.add("spec", e.getValue());
                list.add(s);
            });
            JsonObject o = new JsonObject();
            o.add("sessions", list);
            return FakeApi.Answer.json(200, o.toString());
        }
        String id = p.substring(SESSIONS.length() + 1).split("/")[0];
        if (!shared.sessions.containsKey(id)) {
            return FakeApi.Answer.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no session " + id
                    + "\",\"field\":null,\"problems\":[]}}");
        }
        if (p.endsWith("/stats")) {
            int n = shared.polls.incrementAndGet();
            return FakeApi.Answer.json(200, RemoteRunTest.stats(n > shared.runFor ? "FINISHED" : "RUNNING", 2.0, 100L * n)
                    .replace("\"s1\"", "\"" + id + "\""));
        }
        if (p.endsWith("/report")) {
            return "format=siege".equals(r.query()) ? new FakeApi.Answer(200, "text/plain", RemoteRunTest.SIEGE)
                    : FakeApi.Answer.json(200, RemoteRunTest.REPORT_OK);
        }
        return FakeApi.Answer.json(200, "{\"id\":\"" + id + "\",\"state\":\"FINISHED\",\"reason\":null}");
    }

    /** Answers DROP from the {@code after}-th stats poll of the cluster on, then goes away (connection refused). */
    static Function<FakeApi.Request, FakeApi.Answer> diesAfter(Shared shared, int after, FakeApi[] self) {
        return r -> {
            if (shared.polls.get() >= after) {
                Thread t = new Thread(() -> self[0].close());
                t.setDaemon(true);
                t.start();
                return FakeApi.Answer.DROP;
            }
            return null;
        };
    }

    private ApiClient client(FakeApi... via) {
        List<String> urls = java.util.Arrays.stream(via).map(FakeApi::url).toList();
        return new ApiClient(ApiUrls.parse(urls), null, Duration.ofSeconds(2), Duration.ofMillis(700));
    }

    private int run(ApiClient api) throws InterruptedException {
        SessionSpec spec = RemoteSpec.assemble(new RunFlags(List.of("http://127.0.0.1:9/"), null, null, null, "3S", null,
                false, false, null, null, null, 1000.0, null, null, null, null, List.of("p99 < 200ms"), null), null);
        try {
            return new RemoteRun(api, new PrintWriter(out, true), new PrintWriter(err, true), false, false, ticker)
                    .run(spec, StopSignal.NEVER);
        } finally {
            System.out.print(err);
        }
    }

    private List<String> apiLines() {
        return err.toString().lines().filter(l -> l.startsWith("api: ")).toList();
    }

    private static List<String> lines(FakeApi n) {
        return n.requests.stream().map(FakeApi.Request::line).toList();
    }

    private static long posts(FakeApi n) {
        return n.requests.stream().filter(r -> r.method().equals("POST") && r.path().equals(SESSIONS)).count();
    }

    @Test
    void theNodeFollowedDiesAndTheRunGoesOnThroughTheNextWithTheSameSession() throws Exception {
        Shared shared = new Shared(8);
        FakeApi[] a = new FakeApi[1];
        a[0] = node(shared, diesAfter(shared, 3, a));
        FakeApi b = node(shared, null);
        FakeApi c = node(shared, null);
        assertThat(run(client(a[0], b, c))).isZero();

        assertThat(out.toString()).isEqualTo(RemoteRunTest.SIEGE);
        assertThat(shared.sessions).containsOnlyKeys("s1");
        assertThat(posts(a[0]) + posts(b) + posts(c)).as("creates").isEqualTo(1);
        assertThat(apiLines()).hasSize(1);
        assertThat(apiLines().get(0)).startsWith("api: " + a[0].url() + " unreachable (")
                .endsWith("), following session s1 through " + b.url());
        assertThat(lines(b)).contains("GET /api/v1/sessions/s1/stats", "GET /api/v1/sessions/s1/report?format=siege")
                .noneMatch(l -> l.startsWith("POST"));
        assertThat(c.requests).isEmpty();
    }

    @Test
    void aNodeWithoutQuorumIsLeftForTheNext() throws Exception {
        Shared shared = new Shared(6);
        FakeApi a = node(shared, r -> shared.polls.get() >= 2 ? FakeApi.Answer.json(503, "{\"error\":{\"code\":"
                + "\"unavailable\",\"message\":\"no quorum: 1 of 3 members\",\"field\":null,\"problems\":[]}}") : null);
        FakeApi b = node(shared, null);
        assertThat(run(client(a, b))).isZero();
        assertThat(apiLines()).containsExactly("api: " + a.url() + " answered 503 unavailable: no quorum: 1 of 3 members,"
                + " following session s1 through " + b.url());
        assertThat(shared.creates).hasValue(1);
    }

    @Test
    void aRefusedCreateGoesToTheNextNode() throws Exception {
        Shared shared = new Shared(2);
        FakeApi a = node(shared, null);
        FakeApi b = node(shared, null);
        String dead = a.url();
        a.close();
        assertThat(run(client(a, b))).isZero();
        assertThat(apiLines()).containsExactly("api: " + dead + " unreachable (connection refused), creating the session"
                + " through " + b.url());
        assertThat(posts(b)).isEqualTo(1);
        assertThat(shared.sessions).containsOnlyKeys("s1");
    }

    @Test
    void aCreateWhoseNodeDiedAfterStoringItIsFoundAndFollowedNotSentAgain() throws Exception {
        Shared shared = new Shared(2);
        FakeApi a = node(shared, r -> {
            if (r.method().equals("POST")) {
                shared.store(r.body());
                return FakeApi.Answer.DROP;
            }
            return null;
        });
        FakeApi b = node(shared, null);
        assertThat(run(client(a, b))).isZero();
        assertThat(shared.sessions).containsOnlyKeys("s1");
        assertThat(posts(b)).isZero();
        assertThat(err.toString()).contains("api: session s1 was created through " + a.url() + " before it failed (cannot"
                + " reach " + a.url() + ": ", "following it through " + b.url());
        assertThat(lines(b).subList(0, 2)).as("one look-up, then the session's stats").containsExactly(
                "GET /api/v1/sessions", "GET /api/v1/sessions/s1/stats");
    }

    @Test
    void aCreateLostBeforeItWasStoredIsLookedUpTwiceThenSentToTheNextNode() throws Exception {
        Shared shared = new Shared(2);
        FakeApi a = node(shared, r -> r.method().equals("POST") ? FakeApi.Answer.DROP : null);
        FakeApi b = node(shared, null);
        assertThat(run(client(a, b))).isZero();
        assertThat(posts(a)).isEqualTo(1);
        assertThat(posts(b)).isEqualTo(1);
        assertThat(shared.sessions).containsOnlyKeys("s1");
        assertThat(lines(b).subList(0, 3)).as("two look-ups, then the create").containsExactly("GET /api/v1/sessions",
                "GET /api/v1/sessions", "POST /api/v1/sessions");
    }

    @Test
    void aCreateAnswered503IsLookedUpOnceThenSentToTheNextNode() throws Exception {
        Shared shared = new Shared(2);
        FakeApi a = node(shared, r -> r.method().equals("POST") ? FakeApi.Answer.json(503, "{\"error\":{\"code\":"
                + "\"unavailable\",\"message\":\"no quorum: 1 of 3 members\",\"field\":null,\"problems\":[]}}") : null);
        FakeApi b = node(shared, null);
        assertThat(run(client(a, b))).isZero();
        assertThat(lines(b).subList(0, 2)).containsExactly("GET /api/v1/sessions", "POST /api/v1/sessions");
        assertThat(shared.sessions).containsOnlyKeys("s1");
        assertThat(apiLines()).containsExactly("api: " + a.url() + " answered 503 unavailable: no quorum: 1 of 3 members,"
                + " creating the session through " + b.url());
    }

    @Test
    void aCreateThatTimedOutIsNeverSentToAnotherNode() throws Exception {
        Shared shared = new Shared(2);
        FakeApi a = node(shared, r -> {
            if (r.method().equals("POST")) {
                try {
                    Thread.sleep(1500); // beyond the client's 700 ms: it may still be created later
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeApi.Answer.DROP;
            }
            return null;
        });
        FakeApi b = node(shared, null);
        assertThatThrownBy(() -> run(client(a, b))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.getMessage()).isEqualTo("the create through " + a.url() + " got no answer within 0.7s and that node"
                    + " may still start the session, so it is not sent to another node (it could run twice); see"
                    + " 'siegegrid sessions list --api " + b.url() + "'");
        });
        assertThat(posts(b)).isZero();
    }

    @Test
    void noNodeAnsweringFor30SecondsIsOneErrorNamingEveryNode() throws Exception {
        Shared shared = new Shared(1_000);
        FakeApi[] a = new FakeApi[1];
        FakeApi[] b = new FakeApi[1];
        a[0] = node(shared, diesAfter(shared, 3, a));
        b[0] = node(shared, diesAfter(shared, 3, b));
        String urls = a[0].url() + "; " + b[0].url();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> run(client(a[0], b[0]))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.getMessage()).startsWith("session s1: no answer for 30s: no node answered (" + a[0].url() + ": ")
                    .contains("; " + b[0].url() + ": ").endsWith(")");
        });
        System.out.printf("gave up at %.1f s on the run's clock, %d ms real (%s)%n", ticker.now / 1e9,
                (System.nanoTime() - t0) / 1_000_000, urls);
        assertThat(ticker.now).as("30 s after the last answer, at 3 s").isBetween(Duration.ofSeconds(33).toNanos(),
                Duration.ofSeconds(35).toNanos());
    }

    @Test
    void theCommandLineTakesBothFormsAndRejectsABadUrlInOneLine() throws Exception {
        Shared shared = new Shared(1);
        FakeApi a = node(shared, null);
        FakeApi b = node(shared, null);
        FakeApi c = node(shared, null);
        String dead = a.url();
        a.close();
        Cli.Result r = Cli.run("run", "--api", dead + "," + b.url(), "--api", c.url(), "-q", "--rps", "10", "-t", "1S",
                "http://127.0.0.1:9/");
        System.out.print(r.err());
        assertThat(r.exit()).isZero();
        assertThat(r.errLines()).containsExactly("api: " + dead + " unreachable (connection refused), creating the session"
                + " through " + b.url());
        assertThat(r.out()).isEqualTo(RemoteRunTest.SIEGE);

        Cli.Result bad = Cli.run("run", "--api", b.url() + ",ftp://x", "--rps", "10", "-t", "1S", "http://127.0.0.1:9/");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errLines()).containsExactly("siegegrid: --api: not an http(s) base URL: 'ftp://x'");
    }
}
