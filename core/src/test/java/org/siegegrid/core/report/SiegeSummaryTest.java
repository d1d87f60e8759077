package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SiegeSummaryTest {

    @Test
    void snapshot() throws IOException {
        Report r = ReportBuilderTest.handWorkedReport(List.of("p99 < 500ms", "errors < 1%"));
        String text = SiegeSummary.format(r);
        System.out.print(text.replace("\t", "\\t"));
        assertThat(text).isEqualTo(ReportBuilderTest.resource("summary-snapshot.txt"));
        assertThat(text).startsWith(SiegeSummary.siege(r)).endsWith(SiegeSummary.extras(r));
    }

    @Test
    void everyValueStartsInColumn24() {
        Report r = ReportBuilderTest.handWorkedReport(List.of("p99 < 500ms"));
        for (String line : SiegeSummary.format(r).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String label = line.indexOf('\t') < 0 ? line.substring(0, 24) : line.substring(0, line.indexOf('\t'));
            StringBuilder expanded = new StringBuilder();
            for (char c : line.toCharArray()) {
                if (c == '\t') {
                    do {
                        expanded.append(' ');
                    } while (expanded.length() % 8 != 0);
                } else {
                    expanded.append(c);
                }
            }
            assertThat(expanded.length()).as(line).isGreaterThan(24);
            assertThat(expanded.substring(0, 24).stripTrailing()).as(line).isEqualTo(label);
            assertThat(expanded.charAt(24)).as(line).isNotEqualTo('\t');
        }
    }
}
