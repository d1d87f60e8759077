package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/** siege's HTTP behaviour in the native engine (redirects, cookies, gzip header, failures bound) on loopback. */
@Timeout(60)
class NativeHttpBehaviourTest {
    private static NativeEngine engine;

    @BeforeAll
    static void engine() {
        engine = new NativeEngine(2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static LoadPlan closed(int users, HttpOptions http, Target... targets) {
        return new LoadPlan(List.of(targets), Order.SEQUENTIAL, null, users, null, true, users,
                Duration.ofSeconds(5), null, 42, null, http);
    }

    private static Counters run(LoadPlan plan, int users, long budget) throws InterruptedException {
        try (LoadRunner r = engine.newRunner(plan)) {
            r.start(new LocalShare(0, users, users, budget));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            return r.totals();
        }
    }

    @Test
    void aChainOfTwoHopsIsThreeTransactionsPerRequestAsSiegeCountsIt() throws Exception {
        try (TestServer s = TestServer.http(100)) {
            Counters c = run(closed(1, HttpOptions.DEFAULT, Target.get(s.url("/redirect/302/1"))), 1, 2);
            assertThat(s.onPath("/redirect/302/1")).isEqualTo(2);
            assertThat(s.onPath("/redirect/302/0")).isEqualTo(2);
            assertThat(s.onPath("/end")).isEqualTo(2);
            assertThat(c.responses()).isEqualTo(6);
            assertThat(c.issued()).isEqualTo(6);
            assertThat(c.successes()).isEqualTo(6);
        }
    }

    @Test
    void noFollowCountsTheRedirectItself() throws Exception {
        try (TestServer s = TestServer.http(100)) {
            Counters c = run(closed(1, new HttpOptions(false, true, true, null), Target.get(s.url("/redirect/301/1"))), 1, 3);
            assertThat(s.requests()).isEqualTo(3);
            assertThat(s.onPath("/end")).isZero();
            assertThat(c.responses()).isEqualTo(3);
        }
    }

    @Test
    void aLoopStopsAfterTenRedirects() throws Exception {
        try (TestServer s = TestServer.http(100)) {
            Counters c = run(closed(1, HttpOptions.DEFAULT, Target.get(s.url("/loop"))), 1, 1);
            assertThat(s.onPath("/loop")).isEqualTo(1 + HttpOptions.MAX_REDIRECTS);
            assertThat(c.responses()).isEqualTo(1 + HttpOptions.MAX_REDIRECTS);
        }
    }

    @Test
    void postBecomesGetAfter302And303ButStaysPostAfter307And308() throws Exception {
        try (TestServer s = TestServer.http(100)) {
            for (int status : new int[] {301, 302, 303, 307, 308}) {
                Target post = new Target(s.url("/redirect/" + status + "/0"), "POST", Map.of(), "a=1");
                run(closed(1, HttpOptions.DEFAULT, post), 1, 1);
            }
            assertThat(s.seen("/end", "method")).containsExactly("GET", "GET", "GET", "POST", "POST");
        }
    }

    @Test
    void aRedirectToAnotherOriginOpensAConnectionThere() throws Exception {
        try (TestServer a = TestServer.http(100); TestServer b = TestServer.http(100)) {
            // a's /redirect/302/1 has an absolute Location on a; build one to b by hand: b's chain via its URL
            Target t = Target.get(b.url("/redirect/307/1"));
            Counters c = run(closed(1, HttpOptions.DEFAULT, Target.get(a.url("/")), t), 1, 2);
            assertThat(a.requests()).isEqualTo(1);
            assertThat(b.onPath("/end")).isEqualTo(1);
            assertThat(c.responses()).isEqualTo(1 + 3);
        }
    }

    @Test
    void cookiesGoBackToTheUserThatGotThemAndNoOther() throws Exception {
        try (TestServer s = TestServer.http(10)) {
            List<Target> walk = new ArrayList<>();
            walk.add(Target.get(s.url("/setcookie?sid=u")));
            walk.add(Target.get(s.url("/echo")));
            walk.add(Target.get(s.url("/delcookie?sid")));
            walk.add(Target.get(s.url("/after")));
            run(closed(1, HttpOptions.DEFAULT, walk.toArray(new Target[0])), 1, 4);
            assertThat(s.seen("/setcookie", "cookie")).containsExactly("-");
            assertThat(s.seen("/echo", "cookie")).containsExactly("sid=u");
            assertThat(s.seen("/delcookie", "cookie")).containsExactly("sid=u");
            assertThat(s.seen("/after", "cookie")).containsExactly("-");
        }
    }

    @Test
    void twoUsersKeepTheirOwnJars() throws Exception {
        try (TestServer s = TestServer.http(10)) {
            // user 0 starts at /setcookie, user 1 at /echo: user 1's first /echo has no cookie
            Target set = Target.get(s.url("/setcookie?sid=x"));
            Target echo = new Target(s.url("/echo"), "GET", Map.of("Cookie", "mine=1"), null);
            // one loop: user 0 starts at /setcookie, user 1 at /echo, then each goes on to the other
            try (NativeEngine one = new NativeEngine(1); LoadRunner r = one.newRunner(closed(2, HttpOptions.DEFAULT, set, echo))) {
                r.start(new LocalShare(0, 2, 2, 4));
                assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            }
            // user 1's first /echo: only its own header (user 0's cookie did not cross); a user with the cookie
            // sends its jar's Cookie instead of the target's (as siege does)
            assertThat(s.seen("/echo", "cookie")).contains("mine=1").allMatch(c -> c.equals("mine=1") || c.equals("sid=x"));
        }
    }

    @Test
    void cookiesOffSendsNone() throws Exception {
        try (TestServer s = TestServer.http(10)) {
            run(closed(1, new HttpOptions(true, false, true, null), Target.get(s.url("/setcookie?a=b")),
                    Target.get(s.url("/echo"))), 1, 2);
            assertThat(s.seen("/echo", "cookie")).containsExactly("-");
        }
    }

    @Test
    void acceptEncodingGzipDeflateByDefaultAndOff() throws Exception {
        try (TestServer s = TestServer.http(10)) {
            run(closed(1, HttpOptions.DEFAULT, Target.get(s.url("/on"))), 1, 1);
            run(closed(1, new HttpOptions(true, true, false, null), Target.get(s.url("/off"))), 1, 1);
            run(closed(1, HttpOptions.DEFAULT, new Target(s.url("/own"), "GET", Map.of("accept-encoding", "br"), null)), 1, 1);
            assertThat(s.seen("/on", "accept-encoding")).containsExactly("gzip, deflate");
            assertThat(s.seen("/off", "accept-encoding")).containsExactly("-");
            assertThat(s.seen("/own", "accept-encoding")).containsExactly("br");
        }
    }

    @Test
    void theFailuresBoundStopsTheRunner() throws Exception {
        int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        LoadPlan p = closed(1, HttpOptions.DEFAULT.withFailures(5), Target.get("http://127.0.0.1:" + port + "/"));
        try (LoadRunner r = engine.newRunner(p)) {
            r.start(new LocalShare(0, 1, 1, 1000));
            assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
            assertThat(r.abortedByFailures()).isTrue();
            assertThat(r.totals().errors().get(ErrorKind.REFUSED)).isBetween(5L, 6L);
        }
    }
}
