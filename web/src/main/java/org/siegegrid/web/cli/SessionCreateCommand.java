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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a JSON session spec, or a siege URL file; - = stdin")
    String file;

    @Mixin
    SpecFlags session;

    /** Where {@code -f -} reads from; replaceable in tests. */
    static volatile InputStream stdin = System.in;

    RunFlags flags() {
        return session.with(file);
    }

    @Override
    int execute(ApiClient api) {
        String body = body(flags());
        ApiClient.Response r = api.postOnce(SessionsCommand.BASE, body);
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
        add(given, f.abortOnFail(), "--abort-on-fail");
        add(given, f.abortGrace() != null, "--abort-grace");
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
