package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableTest {

    @Test
    void columnsAlignNumbersRightTextLeftMissingAsDash() {
        String text = new Table("ID", "STATE", "RATE", "NOTE")
                .row("a", "RUNNING", "1000/s", null)
                .row("bbbbbb", "FINISHED", "25/s", "")
                .render();
        System.out.print(text);
        assertThat(text.lines().toList()).containsExactly(
                "ID      STATE       RATE  NOTE",
                "a       RUNNING   1000/s  -",
                "bbbbbb  FINISHED    25/s  -");
    }

    @Test
    void everyLineHasNoTrailingSpaceAndColumnsStartAtTheSameOffset() {
        Table t = new Table("A", "B", "C");
        for (int i = 0; i < 20; i++) {
            t.row("x".repeat(i % 7), i * 37, i % 3 == 0 ? null : "y".repeat(1 + i % 5));
        }
        List<String> lines = t.render().lines().toList();
        assertThat(lines).hasSize(21);
        int cAt = lines.get(0).indexOf('C');
        int bEnd = lines.get(0).indexOf('B');
        for (String l : lines) {
            assertThat(l).doesNotEndWith(" ");
            assertThat(l.substring(cAt - 2, cAt)).as("two-space gap before column C in '%s'", l).isEqualTo("  ");
            assertThat(l.charAt(cAt)).as("column C starts at %d in '%s'", cAt, l).isNotEqualTo(' ');
            assertThat(l.charAt(bEnd)).as("numbers end under the header B in '%s'", l).isNotEqualTo(' ');
        }
    }

    @Test
    void aTableWithoutHeadersIsKeyValueLinesAndNewlinesInCellsAreFlattened() {
        String text = new Table().row("id:", "abc").row("reason:", "line one\nline two").render();
        assertThat(text).isEqualTo("id:      abc\nreason:  line one line two\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1000|true", "1000/s|true", "12.5 ms|true", "99.5%|true", "-3|true", "1,000|true",
            "abc|false", "1.2.3.4:5701|false", "2026-11-28T01:02:03Z|false"})
    void numberDetection(String cell, boolean right) {
        String text = new Table("XXXXXXXXXXXXXXXXXXXXXXXX").row(cell).render();
        String line = text.lines().toList().get(1);
        assertThat(line.startsWith(" ")).as("'%s' right-aligned", cell).isEqualTo(right);
    }
}
