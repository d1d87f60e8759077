package org.siegegrid.core.report;

/**
 * The report's per-second series as CSV (RFC 4180, a header row, {@code \r\n} line ends): one row a
 * second, {@code t,target_rps,achieved_rps,sent_rps,p99_ms,errors,seconds,partial,warmup}. Empty cells where a
 * value does not exist (no target in the closed model, no p99 in a second without answers). Columns are
 * those of the JSON's {@code series} (docs/report.md), plus {@code warmup}: the second belongs to the
 * warm-up, measured apart.
 */
public final class ReportCsv {
    public static final String HEADER = "t,target_rps,achieved_rps,sent_rps,p99_ms,errors,seconds,partial,warmup";

    private ReportCsv() {
    }

    public static String series(Report r) {
        long warmup = r.warmup() == null ? 0 : r.warmup().seconds();
        StringBuilder b = new StringBuilder(64 * (r.series().size() + 1));
        b.append(HEADER).append("\r\n");
        for (SeriesPoint p : r.series()) {
            b.append(p.t()).append(',')
                    .append(number(p.target(), 2)).append(',')
                    .append(number(p.achieved(), 2)).append(',')
                    .append(number(p.sent(), 2)).append(',')
                    .append(number(p.p99(), 3)).append(',')
                    .append(p.errors()).append(',')
                    .append(number(p.seconds(), 3)).append(',')
                    .append(p.partial()).append(',')
                    .append(p.t() < warmup).append("\r\n");
        }
        return b.toString();
    }

    private static String number(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "";
        }
        return CFormat.round(v, decimals).toPlainString();
    }
}
