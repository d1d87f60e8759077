package org.siegegrid.core.load.siege;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.siegegrid.core.load.LoadPlan;
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

    /** Where a run's files are. */
    record Written(Path rc, Path urls) {
    }

    /**
     * Writes the files of plan {@code version} into {@code dir}: the bodies, the URL file, the rc file,
     * and the same rc as {@code dir/.siege/siege.conf} (siege's HOME is {@code dir}: without that file its
     * first run only writes a template there and exits).
     */
    static Written write(Path dir, LoadPlan p, int version, int users) throws IOException {
        Files.createDirectories(dir);
        List<Target> targets = p.targets();
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).body() != null) {
                Files.writeString(body(dir, version, i), targets.get(i).body(), StandardCharsets.UTF_8);
            }
        }
        Path urls = dir.resolve("urls-" + version + ".txt");
        Files.writeString(urls, urlFile(targets, i -> body(dir, version, i).toString()), StandardCharsets.UTF_8);
        Path rcFile = dir.resolve("siegerc-" + version);
        String text = rc(p.timeout(), Math.max(users, 10_000));
        Files.writeString(rcFile, text, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve(".siege"));
        Files.writeString(dir.resolve(".siege").resolve("siege.conf"), text, StandardCharsets.UTF_8);
        return new Written(rcFile, urls);
    }

    private static Path body(Path dir, int version, int i) {
        return dir.resolve("body-" + version + "-" + i + ".txt");
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
