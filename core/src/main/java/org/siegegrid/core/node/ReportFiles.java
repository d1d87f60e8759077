package org.siegegrid.core.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportCsv;
import org.siegegrid.core.report.ReportEvent;
import org.siegegrid.core.report.ReportHtml;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.SiegeSummary;
import org.siegegrid.core.session.Session;

/**
 * A finished session's report files in a node's reports directory, in the formats the API serves:
 * {@code <id>.json}, {@code <id>.html}, {@code <id>.csv} (the per-second series) and {@code <id>.txt}
 * (siege's summary). Written by the coordinator, into its own directory; removed with the session by the
 * node that deletes it and by the coordinator when it sees the tombstone (the two may differ).
 */
public final class ReportFiles {
    private static final Logger LOG = LogManager.getLogger(ReportFiles.class);
    /** The suffixes of a session's files. */
    public static final List<String> SUFFIXES = List.of(".json", ".html", ".csv", ".txt");
    /** Tombstones already cleaned up, so a coordinator pass does not touch the disk for each again. */
    private static final int REMEMBERED = 4096;

    private final Path dir;
    private final Set<String> cleaned = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    ReportFiles(Path dir) {
        this.dir = dir;
    }

    /** The HTML page of a session's report without its events. */
    public static String html(Session s, Report r) {
        return html(s, r, List.of());
    }

    /**
     * The HTML page of a session's report and its event log up to its stop (what the coordinator has when it
     * writes the file; the {@code ended} event comes after it), as the API serves it and the file holds it.
     */
    public static String html(Session s, Report r, List<org.siegegrid.core.session.SessionEvent> log) {
        List<String> targets = s == null ? List.of() : s.spec().targets().stream().map(t -> t.method() + " " + t.url()).toList();
        ReportHtml.Meta meta = s == null ? ReportHtml.Meta.NONE : new ReportHtml.Meta(s.id(), s.spec().name(), targets);
        long until = s == null || s.endedAt() <= 0 ? Long.MAX_VALUE : s.endedAt();
        List<ReportEvent> events = log.stream().filter(e -> e.at() <= until)
                .map(e -> new ReportEvent(e.at(), e.kind(), e.node(), e.detail())).toList();
        return ReportHtml.page(r, meta, events);
    }

    /** Writes the four files; a failure is logged, never thrown (the session finishes anyway). */
    void write(Session s, Report r, List<org.siegegrid.core.session.SessionEvent> log) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(s.id() + ".json"), ReportJson.toJson(r));
            Files.writeString(dir.resolve(s.id() + ".html"), html(s, r, log));
            Files.writeString(dir.resolve(s.id() + ".csv"), ReportCsv.series(r));
            Files.writeString(dir.resolve(s.id() + ".txt"), SiegeSummary.format(r));
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: report files not written to {}: {}", s.id(), dir, e.toString());
        }
    }

    /** Deletes a session's files from this directory (those there are). */
    void delete(String sessionId) {
        if (dir == null) {
            return;
        }
        for (String suffix : SUFFIXES) {
            try {
                Files.deleteIfExists(dir.resolve(sessionId + suffix));
            } catch (IOException | RuntimeException e) {
                LOG.warn("session {}: report file {} not deleted: {}", sessionId, sessionId + suffix, e.toString());
            }
        }
    }

    /** {@link #delete} once per session: for a pass over tombstones. */
    synchronized void deleted(String sessionId) {
        if (cleaned.add(sessionId)) {
            delete(sessionId);
        }
    }
}
