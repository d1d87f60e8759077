package org.siegegrid.core.load.siege;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.siegegrid.core.session.Target;

/**
 * The files a siege run reads, as text, pure: the URL file (siege's format: {@code URL},
 * {@code URL METHOD}, {@code URL METHOD < file} for a body) and the rc file that fixes every setting
 * that would change what siege sends or prints.
 */
final class SiegeFiles {
    /** The methods siege 4.0.7's URL file knows (HEAD and PATCH are not among them). */
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS");

    private SiegeFiles() {
    }

    /** One line per target; a body goes in its own file ({@code bodyFile.apply(i)}), so any bytes survive. */
    static String urlFile(List<Target> targets, IntFunction<String> bodyFile) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            String method = t.method().toUpperCase(Locale.ROOT);
            b.append(t.url());
            if (t.body() != null) {
                b.append(' ').append(method).append(" < ").append(bodyFile.apply(i));
            } else if (!method.equals("GET")) {
                b.append(' ').append(method);
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * siege's settings for a run: verbose lines without colour, no log file, no HTML parser, no
     * spinner, the request timeout, a users limit above any share, and siege's own failure bound out
     * of the way (the session decides when to end).
     */
    static String rc(Duration timeout, int users) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return String.join("\n",
                "# written by SiegeGrid for one siege run; ~/.siege/siege.conf is not read",
                "verbose = true",
                "quiet = false",
                "color = off",
                "json_output = false",
                "show-logfile = false",
                "logging = false",
                "parser = false",
                "spinner = false",
                "protocol = HTTP/1.1",
                "connection = keep-alive",
                "timeout = " + seconds,
                "limit = " + Math.max(255, users),
                "failures = 1000000000",
                "") ;
    }
}
