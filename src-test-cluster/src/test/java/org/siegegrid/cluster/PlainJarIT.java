package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The jar started the plainest way, {@code java -jar siegegrid.jar serve} with no JVM flag: its manifest
 * carries the opens Hazelcast asks for (no module-access warning) and the version a node reports is the one
 * {@code --version} prints.
 */
@Timeout(90)
class PlainJarIT {
    private static final Pattern API = Pattern.compile("API (http://\\S+/)");

    @Test
    void serveStartsWithoutHazelcastsWarningAndReportsTheVersionOfVersion() throws Exception {
        Path dir = Files.createTempDirectory("siegegrid-plain");
        try (Procs procs = new Procs(Procs.jar(), Procs.logs())) {
            String version = procs.run(Duration.ofSeconds(30), "--version").out().strip();
            assertThat(version).matches("siegegrid \\S+").doesNotEndWith(" dev");
            Procs.Proc node = procs.start("plain-jar", List.of(), List.of("serve", "--bind", "127.0.0.61", "--port",
                    "25761", "--api-port", "0", "--reports-dir", dir.toString()));
            await().atMost(Duration.ofSeconds(60)).until(() -> API.matcher(node.output()).find()
                    || !node.process().isAlive());
            Matcher m = API.matcher(node.output());
            assertThat(m.find()).as(node.output()).isTrue();
            HttpResponse<String> nodes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(m.group(1) + "api/v1/nodes")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String reported = JsonParser.parseString(nodes.body()).getAsJsonObject().getAsJsonArray("nodes").get(0)
                    .getAsJsonObject().get("version").getAsString();
            assertThat("siegegrid " + reported).isEqualTo(version);
            assertThat(node.output()).doesNotContain("modular environment", "--add-opens");
        }
    }
}
