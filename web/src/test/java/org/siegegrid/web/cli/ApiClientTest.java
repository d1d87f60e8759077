package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client's side of the contract: auth header, error bodies to one line, exit codes. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiClientTest {
    private FakeApi api;

    @AfterEach
    void close() {
        if (api != null) {
            api.close();
        }
        ApiOptions.env = System.getenv();
    }

    @ParameterizedTest(name = "{0} {1} -> exit {2}")
    @CsvSource(delimiter = '|', value = {
            "409|{\"error\":{\"code\":\"conflict\",\"message\":\"session abc is FINISHED\",\"field\":\"state\",\"problems\":[{\"field\":\"state\",\"message\":\"session abc is FINISHED\"}]}}|2|siegegrid: 409 conflict: state: session abc is FINISHED",
            "404|{\"error\":{\"code\":\"not_found\",\"message\":\"no session nope\",\"field\":null,\"problems\":[]}}|2|siegegrid: 404 not_found: no session nope",
            "400|{\"error\":{\"code\":\"invalid\",\"message\":\"must be > 0\",\"field\":\"rps\",\"problems\":[{\"field\":\"rps\",\"message\":\"must be > 0\"},{\"field\":\"duration\",\"message\":\"needs a unit\"}]}}|2|siegegrid: 400 invalid: rps: must be > 0; duration: needs a unit",
            "401|{\"error\":{\"code\":\"unauthorized\",\"message\":\"missing bearer token\",\"field\":null,\"problems\":[]}}|2|siegegrid: 401 unauthorized: missing bearer token (give --token or set SIEGEGRID_API_TOKEN)",
            "503|{\"error\":{\"code\":\"unavailable\",\"message\":\"no quorum: 1 of 2 members\",\"field\":null,\"problems\":[{\"field\":\"\",\"message\":\"no quorum: 1 of 2 members\"}]}}|3|siegegrid: 503 unavailable: no quorum: 1 of 2 members",
            "500|<html><body>boom</body></html>|3|siegegrid: 500: <html><body>boom</body></html>",
            "502||3|siegegrid: 502: bad gateway"})
    void errorAnswersBecomeOneLineAndAnExitCode(int status, String body, int exit, String line) throws Exception {
        api = new FakeApi(r -> FakeApi.Answer.json(status, body));
        Cli.Result r = Cli.run("sessions", "show", "abc", "--api", api.url());
        System.out.println(status + " -> exit " + r.exit() + ": " + r.err().strip());
        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.errLines()).containsExactly(line);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void nothingListeningIsExit3NamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("nodes", "list", "--api", "http://127.0.0.1:" + port + "/");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.errLines()).containsExactly("siegegrid: cannot reach http://127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void theTokenGoesAsBearerFromTheFlagOrTheEnvironmentAndTheUrlFromTheEnvironment() throws Exception {
        api = new FakeApi(r -> FakeApi.Answer.json(200, "{\"id\":\"n1\",\"state\":\"DRAINED\",\"capacityRps\":0}"));
        assertThat(Cli.run("nodes", "drain", "n1", "--api", api.url(), "--token", "s3cret").exit()).isZero();
        assertThat(api.last().header("Authorization")).isEqualTo("Bearer s3cret");

        ApiOptions.env = Map.of("SIEGEGRID_API", api.url(), "SIEGEGRID_API_TOKEN", "from-env");
        assertThat(Cli.run("nodes", "drain", "n1").exit()).isZero();
        assertThat(api.last().header("Authorization")).isEqualTo("Bearer from-env");

        ApiOptions.env = Map.of("SIEGEGRID_API", api.url());
        assertThat(Cli.run("nodes", "drain", "n1").exit()).isZero();
        assertThat(api.last().header("Authorization")).isNull();
        assertThat(api.requests).hasSize(3);
    }

    @Test
    void defaultsAreTheFlagThenTheEnvironmentThenTheLocalNode() {
        assertThat(ApiOptions.urls(null, Map.of())).containsExactly("http://127.0.0.1:8080");
        assertThat(ApiOptions.urls(null, Map.of("SIEGEGRID_API", "http://10.0.0.1:9090"))).containsExactly("http://10.0.0.1:9090");
        assertThat(ApiOptions.urls(List.of("http://h:1"), Map.of("SIEGEGRID_API", "http://10.0.0.1:9090"))).containsExactly("http://h:1");
        assertThat(ApiOptions.token(null, Map.of())).isNull();
        assertThat(ApiOptions.token(null, Map.of("SIEGEGRID_API_TOKEN", "t"))).isEqualTo("t");
        assertThat(ApiUrls.base("127.0.0.1:8080/").toString()).isEqualTo("http://127.0.0.1:8080");
    }

    @ParameterizedTest
    @CsvSource({"ftp://h:1", "http://", "http://h:1/?x=1", "'http://h :1'"})
    void aBadApiUrlIsExit2(String url) {
        Cli.Result r = Cli.run("cluster", "status", "--api", url);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("siegegrid: --api: not an http(s) base URL");
    }

    @Test
    void idsAreEncodedAsPathSegments() {
        assertThat(ApiClient.segment("127.0.0.1:5701")).isEqualTo("127.0.0.1:5701");
        assertThat(ApiClient.segment("a b/c?d")).isEqualTo("a%20b%2Fc%3Fd");
        assertThat(ApiClient.segment("nœud")).isEqualTo("n%C5%93ud");
    }

    @Test
    void urlsAreCommaSeparatedOrRepeatedAndBadOnesAreNamed() {
        assertThat(ApiUrls.parse(List.of("http://a:1, b:2/", "https://c:3")).stream().map(Object::toString))
                .containsExactly("http://a:1", "http://b:2", "https://c:3");
        assertThat(ApiUrls.parse(List.of("a:1,http://a:1/"))).as("the same node twice").hasSize(1);
        assertThat(ApiUrls.parse(ApiOptions.urls(null, Map.of("SIEGEGRID_API", "a:1,b:2")))).hasSize(2);
        assertThatThrownBy(() -> ApiUrls.parse(List.of("a:1,,b:2"))).hasMessage("--api: an empty URL in 'a:1,,b:2'"
                + " (give URL[,URL...])");
        assertThatThrownBy(() -> ApiUrls.parse(List.of("a:1", "ftp://b"))).hasMessage("--api: not an http(s) base URL:"
                + " 'ftp://b'");
        assertThatThrownBy(() -> ApiUrls.parse(List.of())).hasMessage("--api: no URL given");
    }

    @Test
    void aBadUrlAmongSeveralIsExit2NamingIt() {
        Cli.Result r = Cli.run("nodes", "list", "--api", "http://127.0.0.1:1,ftp://x", "--api", "h:2");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("siegegrid: --api: not an http(s) base URL: 'ftp://x'");
        Cli.Result empty = Cli.run("nodes", "list", "--api", "http://127.0.0.1:1,,h:2");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.errLines()).containsExactly("siegegrid: --api: an empty URL in 'http://127.0.0.1:1,,h:2' (give"
                + " URL[,URL...])");
    }

    @Test
    void withSeveralNodesACallGoesToTheNextOneAndNoneAnsweringNamesEach() throws Exception {
        String dead = deadUrl();
        api = new FakeApi(r -> FakeApi.Answer.json(200, "{\"nodes\":[]}"));
        Cli.Result r = Cli.run("nodes", "list", "--api", dead + "," + api.url());
        assertThat(r.exit()).isZero();
        assertThat(r.errLines()).containsExactly("api: " + dead + " unreachable (connection refused), using " + api.url());

        ApiOptions.env = Map.of("SIEGEGRID_API", dead + "," + api.url());
        assertThat(Cli.run("nodes", "list").exit()).as("the environment's list").isZero();

        String dead2 = deadUrl();
        Cli.Result none = Cli.run("nodes", "list", "--api", dead, "--api", dead2);
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.errLines()).containsExactly("siegegrid: no node answered (" + dead + ": connection refused; "
                + dead2 + ": connection refused)");
    }

    @Test
    void aNodeWithoutQuorumIsLeftForTheNextButACreateIsNotRepeatedAfterAnAnswer() throws Exception {
        String noQuorum = "{\"error\":{\"code\":\"unavailable\",\"message\":\"no quorum: 1 of 3 members\","
                + "\"field\":null,\"problems\":[]}}";
        try (FakeApi a = new FakeApi(r -> FakeApi.Answer.json(503, noQuorum))) {
            api = new FakeApi(r -> r.method().equals("POST") ? FakeApi.Answer.json(201, "{\"id\":\"s9\",\"state\":"
                    + "\"RUNNING\"}") : FakeApi.Answer.json(200, "{\"sessions\":[]}"));
            Cli.Result list = Cli.run("sessions", "list", "--api", a.url() + "," + api.url());
            assertThat(list.exit()).isZero();
            assertThat(list.errLines()).containsExactly("api: " + a.url() + " answered 503 unavailable: no quorum: 1 of 3"
                    + " members, using " + api.url());

            Cli.Result create = Cli.run("sessions", "create", "--api", a.url() + "," + api.url(), "--rps", "10", "-t",
                    "1S", "http://127.0.0.1:9/");
            assertThat(create.exit()).isEqualTo(3);
            assertThat(create.errLines()).containsExactly("siegegrid: 503 unavailable: no quorum: 1 of 3 members");
            assertThat(api.requests.stream().filter(q -> q.method().equals("POST"))).as("not sent twice").isEmpty();

            Cli.Result refused = Cli.run("sessions", "create", "--api", deadUrl() + "," + api.url(), "--rps", "10", "-t",
                    "1S", "http://127.0.0.1:9/");
            assertThat(refused.exit()).as("the node saw nothing: the next one creates it").isZero();
            assertThat(refused.out()).startsWith("created session s9");
        }
    }

    /** A URL where nothing listens. */
    private static String deadUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }
}
