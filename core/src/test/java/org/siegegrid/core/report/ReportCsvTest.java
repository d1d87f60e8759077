package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void oneRowASecondWithTheJsonSeriesColumnsAndEmptyCellsForWhatDoesNotExist() {
        assertThat(ReportCsv.series(ReportBuilderTest.handWorkedReport(List.of()))).isEqualTo(
                "t,target_rps,achieved_rps,sent_rps,p99_ms,errors,seconds,partial,warmup\r\n"
                        + "0,2.00,2.00,2.00,200.063,1,1.000,false,false\r\n"
                        + "1,3.00,2.00,3.00,450.047,2,1.000,false,false\r\n");

        // closed model (no target), a second without answers (no p99), a warm-up second, a partial last one
        RunStats s = RunStats.withWarmup(1);
        s.add(Intervals.of(0, 1, Intervals.counters(5, 5, 5, 0, Map.of()), 1_000));
        s.add(Intervals.of(1, 2, Intervals.counters(0, 0, 0, 0, Map.of()), new long[0]));
        s.add(Intervals.of(2, 2.5, Intervals.counters(2, 2, 2, 0, Map.of()), 2_000));
        String csv = ReportCsv.series(ReportBuilder.of(s).warmup(1).build());
        assertThat(csv.split("\r\n")).containsExactly(ReportCsv.HEADER,
                "0,,5.00,5.00,1.000,0,1.000,false,true",
                "1,,0.00,0.00,,0,1.000,false,false",
                "2,,4.00,4.00,2.000,0,0.500,true,false");
    }
}
