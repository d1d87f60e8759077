package org.siegegrid.core.report;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * siege 4.0.7's log file ({@code -l}, siegerc {@code logging}): a header when the file is new, an
 * optional {@code **** mark ****} line ({@code -m}), then one CSV line per run, columns as siege
 * writes them ({@code "%s,%7d,%11.2f,%12u,%11.2f,%12.2f,%12.2f,%12.2f,%8d,%8d"}: date, transactions,
 * elapsed, whole MB, response time, rate, throughput, concurrency, OKAY, failed). Pure: the caller
 * appends the text.
 */
public final class SiegeLog {
    /** siege's header line, as written. */
    public static final String HEADER = "      Date & Time,  Trans,  Elap Time,  Data Trans,  Resp Time,  Trans Rate,"
            + "  Throughput,  Concurrent,    OKAY,   Failed";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private SiegeLog() {
    }

    /** What a run appends: the header if the file is new, the mark if any (null: none), the run's line. */
    public static String append(Report r, LocalDateTime at, boolean newFile, String mark) {
        StringBuilder b = new StringBuilder();
        if (newFile) {
            b.append(HEADER).append('\n');
        }
        if (mark != null) {
            b.append("**** ").append(mark).append(" ****\n");
        }
        return b.append(line(r, at)).append('\n').toString();
    }

    /** The run's line (siege prints {@code inf}/{@code -nan} for a run of no time; we print {@code n/a}). */
    public static String line(Report r, LocalDateTime at) {
        return DATE.format(at) + ',' + CFormat.count(r.transactions(), 7) + ',' + CFormat.fixed(r.elapsedTime(), 11, 2)
                + ',' + CFormat.count((long) r.dataTransferred(), 12) + ',' + CFormat.fixed(r.responseTime(), 11, 2)
                + ',' + CFormat.fixed(r.transactionRate(), 12, 2) + ',' + CFormat.fixed(r.throughput(), 12, 2)
                + ',' + CFormat.fixed(r.concurrency(), 12, 2) + ',' + CFormat.count(r.successfulTransactions(), 8)
                + ',' + CFormat.count(r.failedTransactions(), 8);
    }
}
