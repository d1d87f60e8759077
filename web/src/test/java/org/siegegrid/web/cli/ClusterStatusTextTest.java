package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code cluster status}'s text, with and without a quorum (the API's JSON as ApiQuorumTest shows it). */
class ClusterStatusTextTest {

    @Test
    void withAQuorumTheCounts() {
        String text = ClusterCommand.Status.text(JsonParser.parseString("{\"name\":\"sg\",\"localNode\":\"a\","
                + "\"members\":[\"a\",\"b\"],\"quorum\":{\"present\":true,\"required\":2},\"sessions\":3,\"running\":1}")
                .getAsJsonObject());
        assertThat(text).contains("members:", "2 (a, b)", "present (needs 2)", "3 (1 running)");
    }

    @Test
    void withoutAQuorumNoNullButWhyTheCountsAreUnknown() {
        String text = ClusterCommand.Status.text(JsonParser.parseString("{\"name\":\"sg\",\"localNode\":\"a\","
                + "\"members\":[\"a\"],\"quorum\":{\"present\":false,\"required\":2},\"sessions\":null,"
                + "\"running\":null}").getAsJsonObject());
        assertThat(text).doesNotContain("null")
                .contains("NOT PRESENT (needs 2)", "unknown (no quorum: the cluster's maps cannot be read)");
    }
}
