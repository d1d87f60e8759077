package org.siegegrid.web.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SpecJson;

/**
 * The spec a cluster gets from {@code run}'s flags: assembled and checked here like a local run,
 * then sent with its targets expanded (a URL file's {@code $VARS} and {@code < file} bodies belong
 * to this machine; the node parses {@code urlsFile} without either).
 */
final class RemoteSpec {
    private RemoteSpec() {
    }

    /** The checked spec; UsageError with every problem. {@code fileText}: the {@code -f} file if already read. */
    static SessionSpec assemble(RunFlags f, String fileText) {
        SpecAssembler.Result r = new SpecAssembler(path -> fileText != null ? fileText
                : Files.readString(Path.of(path), StandardCharsets.UTF_8), System.getenv()).assemble(f);
        if (!r.ok()) {
            throw new UsageError(r.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        return expanded(r.spec());
    }

    /** The same spec with the URL file's text dropped, so that its (expanded) targets are sent; all else kept. */
    static SessionSpec expanded(SessionSpec s) {
        return new SessionSpec(s.name(), s.targets(), null, s.order(), s.rps(), s.stages(), s.users(), s.delay(),
                s.benchmark(), s.concurrency(), s.requests(), s.duration(), s.timeout(), s.engine(), s.thresholds(), s.warmup(),
                s.http()).withAbort(s.abortOnFail(), s.abortGrace());
    }

    static String json(SessionSpec s) {
        return SpecJson.toJson(s);
    }
}
