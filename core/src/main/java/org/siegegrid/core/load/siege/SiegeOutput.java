package org.siegegrid.core.load.siege;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siegegrid.core.report.ErrorKind;

/**
 * Reads siege 4.0.7's output one line at a time, pure: per-request verbose lines (stdout), its
 * {@code [error]}/{@code [alert]} lines (stderr, with or without colour escapes) and the summary
 * fields that say how many transactions and failures siege counted itself.
 */
public final class SiegeOutput {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Pattern RESPONSE = Pattern.compile(
            "^HTTP/\\d(?:\\.\\d)?\\s+(\\d{3})\\s+(\\d+(?:\\.\\d+)?)\\s+secs:\\s+(\\d+)\\s+bytes\\s+==>\\s+(\\S+)\\s+(.*)$");
    private static final Pattern PROBLEM = Pattern.compile("^\\[(error|alert|fatal|warning)]\\s*(.*)$");
    private static final Pattern SUMMARY = Pattern.compile(
            "^(Transactions|Successful transactions|Failed transactions):\\s+(\\d+(?:\\.\\d+)?)(?:\\s+hits)?\\s*$");

    private SiegeOutput() {
    }

    /** The line without colour escapes, trailing CR or surrounding blanks. */
    static String clean(String line) {
        return ANSI.matcher(line).replaceAll("").strip();
    }

    public static SiegeLine parse(String raw) {
        String line = clean(raw);
        Matcher m = RESPONSE.matcher(line);
        if (m.matches()) {
            long micros = Math.round(Double.parseDouble(m.group(2)) * 1_000_000);
            return new SiegeLine.Response(Integer.parseInt(m.group(1)), micros, Long.parseLong(m.group(3)),
                    m.group(4), m.group(5).strip());
        }
        m = PROBLEM.matcher(line);
        if (m.matches()) {
            String message = m.group(2);
            ErrorKind kind = failureKind(m.group(1), message);
            return kind == null ? new SiegeLine.Other(line) : new SiegeLine.Failure(kind, message);
        }
        m = SUMMARY.matcher(line);
        if (m.matches()) {
            return new SiegeLine.Summary(m.group(1), Double.parseDouble(m.group(2)));
        }
        return new SiegeLine.Other(line);
    }

    /**
     * What a problem line says went wrong with a request, or null when it is about no request
     * (a configuration warning, a fatal start-up error). Socket problems are one failed request each.
     */
    static ErrorKind failureKind(String level, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (!m.contains("socket") && !m.contains("connect") && !m.contains("ssl") && !m.contains("timed out")
                && !m.contains("host")) {
            return null;
        }
        if ("fatal".equals(level) || "warning".equals(level)) {
            return null;
        }
        if (m.contains("refused")) {
            return ErrorKind.REFUSED;
        }
        if (m.contains("reset by peer") || m.contains("broken pipe")) {
            return ErrorKind.RESET;
        }
        if (m.contains("timed out") || m.contains("not ready")) {
            return ErrorKind.TIMEOUT;
        }
        if (m.contains("ssl") || m.contains("tls") || m.contains("certificate")) {
            return ErrorKind.TLS;
        }
        if (m.contains("unknown host") || m.contains("resolve") || m.contains("name or service")
                || m.contains("address lookup")) {
            return ErrorKind.DNS;
        }
        return ErrorKind.OTHER;
    }
}
