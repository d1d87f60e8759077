package org.siegegrid.core.session;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * siege's URL file ({@code urls.txt}, {@code siege -f}), after siege 4.0.7's {@code cfg.c},
 * {@code eval.c}, {@code url.c} and {@code load.c}:
 * <pre>
 * # a comment line; blank lines are skipped
 * HOST=127.0.0.1:9000                 # a variable (NAME: letters, digits, _), then $(HOST) ${HOST} $HOST
 * http://$(HOST)/                     # GET
 * ${HOST}/search?q=x                  # no scheme: http:// is assumed
 * http://$(HOST)/login POST user=a&amp;p=b  # inline body: Content-Type application/x-www-form-urlencoded
 * http://$(HOST)/items PUT {"a": 1}   # PUT and PATCH, like POST (DELETE may carry a body too)
 * http://$(HOST)/upload POST &lt; body.json  # body from a file, relative to the URL file's directory;
 *                                     # Content-Type from its extension (.json application/json, ...)
 * </pre>
 * Where we differ from siege, on purpose:
 * <ul>
 * <li>A trailing comment is {@code #} after whitespace, on any line (siege strips one only on lines
 *     without a {@code /}); a {@code #} inside a URL starts its fragment, which is dropped as siege does.</li>
 * <li>An undefined variable is an error (siege silently substitutes nothing). File variables win
 *     over the environment, as in siege. {@code $NAME} ends at the first character that cannot be in
 *     a name (siege reads up to the next {@code /}). A {@code $} followed by anything else is kept.
 *     Expansion is done once, not repeated on its own output.</li>
 * <li>{@code host:port/path} without a scheme works (siege mistakes {@code host:} for a scheme).</li>
 * <li>Methods: GET HEAD POST PUT PATCH DELETE OPTIONS, case-insensitive; anything else is an error.</li>
 * <li>Bodies are text (UTF-8). siege trims text-type body files (its "ascii" types) and keeps others
 *     as they are; so do we.</li>
 * </ul>
 * Every error of the file is reported at once, each naming the file and line.
 */
public final class UrlFileParser {
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> NO_BODY = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern VARIABLE_LINE = Pattern.compile("([A-Za-z0-9_]*)=(.*)");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s#");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

    private UrlFileParser() {
    }

    /** Reads a URL file; bodies ({@code < file}) are read relative to its directory. */
    public static List<Target> parseFile(Path file, Map<String, String> env) throws UrlFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UrlFileException(List.of(new UrlFileException.LineError(file.toString(), 0,
                    "cannot read the URL file: " + describe(e))));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.getFileName().toString(), dir, env);
    }

    /**
     * Parses URL-file text.
     *
     * @param fileName name used in error messages
     * @param baseDir  directory for {@code < file} bodies; null forbids file bodies (text from the API
     *                 must not read the server's files)
     * @param env      environment variables for {@code $VAR} (pass {@code System.getenv()} only for a
     *                 local user's own file: text from the API must not read the server's environment)
     */
    public static List<Target> parse(String text, String fileName, Path baseDir, Map<String, String> env)
            throws UrlFileException {
        Map<String, String> environment = env == null ? Map.of() : env;
        List<UrlFileException.LineError> errors = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        Map<String, String> vars = new HashMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            try {
                String line = stripComment(lines[i]);
                if (line.isEmpty()) {
                    continue;
                }
                Matcher var = VARIABLE_LINE.matcher(line);
                if (var.matches()) {
                    if (var.group(1).isEmpty()) {
                        throw new IllegalArgumentException("variable without a name: " + line);
                    }
                    vars.put(var.group(1), Expander.expand(var.group(2).strip(), vars, environment));
                } else {
                    targets.add(target(Expander.expand(line, vars, environment), baseDir));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new UrlFileException.LineError(fileName, lineNo, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new UrlFileException(errors);
        }
        return targets;
    }

    static String stripComment(String raw) {
        String s = raw.strip();
        if (s.startsWith("#")) {
            return "";
        }
        Matcher m = TRAILING_COMMENT.matcher(s);
        return m.find() ? s.substring(0, m.start()).strip() : s;
    }

    private static Target target(String line, Path baseDir) {
        String[] parts = line.split("\\s+", 3);
        String url = normalizeUrl(parts[0]);
        if (parts.length == 1) {
            return Target.get(url);
        }
        String method = parts[1].toUpperCase(Locale.ROOT);
        if (parts[1].startsWith("=")) {
            throw new IllegalArgumentException("a variable is NAME=value, without spaces before the =: " + line);
        }
        if (!METHODS.contains(method)) {
            // "not a url" is more likely not a URL line at all than a URL with a method "a"
            throw new IllegalArgumentException("not a URL line: \"" + line + "\" (a line is URL [METHOD [data]], and "
                    + parts[1] + " is no method: use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)");
        }
        if (parts.length == 2) {
            return new Target(url, method, Map.of(), null);
        }
        if (NO_BODY.contains(method)) {
            throw new IllegalArgumentException(method + " takes no body: " + parts[2]);
        }
        String data = parts[2];
        if (data.startsWith("<")) {
            return fileBody(url, method, data.substring(1).strip(), baseDir);
        }
        return new Target(url, method, Map.of("Content-Type", FORM_CONTENT_TYPE), data);
    }

    private static Target fileBody(String url, String method, String name, Path baseDir) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing file name after <");
        }
        if (baseDir == null) {
            throw new IllegalArgumentException("file bodies (< " + name + ") are not allowed here");
        }
        Path p = Path.of(name);
        Path file = p.isAbsolute() ? p : baseDir.resolve(p);
        String body;
        try {
            body = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read body file " + name + ": " + describe(e));
        }
        ContentTypes.Type type = ContentTypes.of(name);
        if (type.text()) {
            body = body.strip();
        }
        return new Target(url, method, Map.of("Content-Type", type.mime()), body);
    }

    /** Adds {@code http://} when there is no scheme, drops the fragment, percent-encodes unsafe characters. */
    static String normalizeUrl(String token) {
        String s = token;
        Matcher m = SCHEME.matcher(s);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("unsupported scheme " + m.group(1) + " in " + token + " (http and https only)");
            }
            s = scheme + s.substring(m.group(1).length());
        } else if (s.contains("://")) {
            throw new IllegalArgumentException("bad scheme in URL " + token);
        } else {
            s = "http://" + s;
        }
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        s = escape(s);
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL " + token + ": " + e.getReason());
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("bad URL " + token + ": no host (or a bad port)");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("bad URL " + token + ": port " + uri.getPort() + " is above 65535");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            s = s.replaceFirst("^(https?://[^/?]+)", "$1/");
        }
        return s;
    }

    /** siege's url-escaping: percent-encode what may not appear in a URL; keep valid %XX. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xFF;
            if (c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.append('%');
            } else if (c < 0x80 && c > 0x20 && c != '%' && "\"<>\\^`{|}".indexOf(c) < 0 && c != 0x7F) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
