package org.siegegrid.web.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sessions create}: a session from {@code run}'s flags (same names, same meanings), or from
 * a JSON spec file ({@code -f spec.json}: a file whose text starts with '{'; {@code -f -} reads
 * stdin). A siege URL file with {@code -f} is expanded here (its {@code $VARS} and {@code < file}
 * bodies come from this machine) and sent as targets.
 */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create a session on the cluster from run's flags, or from a JSON spec (-f spec.json).",
                "Prints the new session; --json prints the API's JSON (with its id) for scripts."})
final class SessionCreateCommand extends AdminCommand {

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to hit (siege: \"URL [POST data]\")")
    List<String> urls;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a JSON session spec, or a siege URL file; - = stdin")
    String file;

    @Option(names = {"-c", "--concurrent"}, paramLabel = "N", description = "users (siege -c; default 25)")
    Integer users;

    @Option(names = {"-r", "--reps"}, paramLabel = "N", description = "repetitions per user (budget users x reps)")
    Integer reps;

    @Option(names = {"-t", "--time"}, paramLabel = "TIME", description = "run time: 30S, 5M, 1H (bare number: minutes), 500ms")
    String time;

    @Option(names = {"-d", "--delay"}, paramLabel = "SEC", description = "max think time per user, random 0..SEC")
    String delay;

    @Option(names = {"-b", "--benchmark"}, description = "no think time between requests")
    boolean benchmark;

    @Option(names = {"-i", "--internet"}, description = "hit the URLs in random order")
    boolean random;

    @Option(names = {"-H", "--header"}, paramLabel = "\"Name: value\"", description = "request header (repeatable)")
    List<String> headers;

    @Option(names = {"-A", "--user-agent"}, paramLabel = "AGENT", description = "User-Agent header")
    String agent;

    @Option(names = {"-T", "--content-type"}, paramLabel = "TYPE", description = "Content-Type of POST/PUT bodies")
    String contentType;

    @Option(names = "--rps", paramLabel = "N", description = "open model: requests per second (instead of -c)")
    Double rps;

    @Option(names = "--stages", paramLabel = "30s:1000,1m:5000", description = "open model: ramp the rate")
    String stages;

    @Option(names = "--concurrency", paramLabel = "N", description = "max requests in flight, whole cluster")
    Integer concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "total request budget, whole cluster")
    Long requests;

    @Option(names = "--timeout", paramLabel = "30s", description = "per-request timeout (default 30s)")
    String timeout;

    @Option(names = "--threshold", paramLabel = "EXPR", description = "pass/fail rule, e.g. \"p99 < 200ms\" (repeatable)")
    List<String> thresholds;

    @Option(names = "--name", paramLabel = "NAME", description = "session name")
    String name;

    /** Where {@code -f -} reads from; replaceable in tests. */
    static volatile InputStream stdin = System.in;

    RunFlags flags() {
        return new RunFlags(urls, file, users, reps, time, delay, benchmark, random, headers, agent,
                contentType, rps, stages, concurrency, requests, timeout, thresholds, name);
    }

    @Override
    int execute(ApiClient api) {
        String body = body(flags());
        ApiClient.Response r = api.post(SessionsCommand.BASE, body);
        JsonObject s = r.json();
        if (json) {
            printJson(s);
        } else {
            out().println("created session " + JsonFields.str(s, "id"));
            out().print(SessionView.show(s));
            out().flush();
        }
        return Main.OK;
    }

    /** The JSON body to POST: the spec file as it is, or the spec the flags make. */
    static String body(RunFlags f) {
        String fileText = f.file() == null ? null : read(f.file());
        if (fileText != null && fileText.stripLeading().startsWith("{")) {
            List<String> others = otherSpecFlags(f);
            if (!others.isEmpty()) {
                throw new UsageError("-f " + f.file() + " is a JSON spec and holds the whole session; leave out "
                        + String.join(", ", others));
            }
            return fileText;
        }
        return RemoteSpec.json(RemoteSpec.assemble(f, fileText));
    }

    /** The spec flags given besides {@code -f}. */
    static List<String> otherSpecFlags(RunFlags f) {
        List<String> given = new ArrayList<>();
        add(given, !f.urls().isEmpty(), "URL");
        add(given, f.users() != null, "-c");
        add(given, f.reps() != null, "-r");
        add(given, f.time() != null, "-t");
        add(given, f.delay() != null, "-d");
        add(given, f.benchmark(), "-b");
        add(given, f.random(), "-i");
        add(given, !f.headers().isEmpty(), "-H");
        add(given, f.agent() != null, "-A");
        add(given, f.contentType() != null, "-T");
        add(given, f.rps() != null, "--rps");
        add(given, f.stages() != null, "--stages");
        add(given, f.concurrency() != null, "--concurrency");
        add(given, f.requests() != null, "--requests");
        add(given, f.timeout() != null, "--timeout");
        add(given, !f.thresholds().isEmpty(), "--threshold");
        add(given, f.name() != null, "--name");
        return given;
    }

    private static void add(List<String> to, boolean given, String flag) {
        if (given) {
            to.add(flag);
        }
    }

    private static String read(String file) {
        try {
            if (file.equals("-")) {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageError(file + ": no such file");
        } catch (IOException e) {
            throw new UsageError(file + ": cannot read: " + e.getMessage());
        }
    }
}
