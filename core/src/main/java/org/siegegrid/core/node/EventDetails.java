package org.siegegrid.core.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.siegegrid.core.session.Durations;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/**
 * The human text of the events this node writes ({@code before -> after} where something changed). Pure.
 * A spec is told by its figures and its targets by their count and methods: never a URL (it may carry a
 * key in its query) nor a header value.
 */
final class EventDetails {
    private EventDetails() {
    }

    /** What a new session asks: its model, duration, budget, targets and engine. */
    static String created(SessionSpec s) {
        List<String> parts = new ArrayList<>();
        parts.add(model(s));
        if (s.duration() != null) {
            parts.add("duration " + Durations.format(s.duration()));
        }
        if (s.requests() != null) {
            parts.add("requests " + s.requests());
        }
        parts.add(targets(s.targets()));
        parts.add("engine " + s.engine().name().toLowerCase(Locale.ROOT));
        return String.join(", ", parts);
    }

    /** What an update changed, one {@code field: before -> after} per field, or that nothing did. */
    static String updated(SessionSpec before, SessionSpec after) {
        List<String> parts = new ArrayList<>();
        change(parts, "rps", rate(before.rps()), rate(after.rps()));
        change(parts, "stages", stages(before.stages()), stages(after.stages()));
        change(parts, "users", String.valueOf(before.users()), String.valueOf(after.users()));
        change(parts, "requests", String.valueOf(before.requests()), String.valueOf(after.requests()));
        change(parts, "duration", duration(before.duration()), duration(after.duration()));
        change(parts, "concurrency", String.valueOf(before.concurrency()), String.valueOf(after.concurrency()));
        change(parts, "timeout", duration(before.timeout()), duration(after.timeout()));
        change(parts, "thresholds", before.thresholds().toString(), after.thresholds().toString());
        if (!before.targets().equals(after.targets())) {
            parts.add("targets: " + targets(before.targets()) + " -> " + targets(after.targets())
                    + (before.targets().size() == after.targets().size() ? " (changed)" : ""));
        }
        if (!Objects.equals(before.name(), after.name())) {
            parts.add("name changed");
        }
        return parts.isEmpty() ? "spec unchanged" : String.join("; ", parts);
    }

    static String rate(Double rps) {
        if (rps == null) {
            return "null";
        }
        return rps == Math.rint(rps) && Math.abs(rps) < 1e15 ? Long.toString(rps.longValue())
                : String.format(Locale.ROOT, "%.2f", rps);
    }

    private static String model(SessionSpec s) {
        if (!s.stages().isEmpty()) {
            return "stages " + stages(s.stages());
        }
        if (s.rps() != null) {
            return "rps " + rate(s.rps());
        }
        return s.users() == null ? "benchmark" : "users " + s.users();
    }

    private static String stages(List<Stage> stages) {
        if (stages.isEmpty()) {
            return "none";
        }
        List<String> out = new ArrayList<>();
        for (Stage st : stages) {
            out.add(Durations.format(st.duration()) + ":" + rate(st.rps()));
        }
        return String.join(",", out);
    }

    private static String duration(Duration d) {
        return d == null ? "none" : Durations.format(d);
    }

    private static String targets(List<Target> targets) {
        List<String> methods = targets.stream().map(Target::method).distinct().sorted().toList();
        return targets.size() + (targets.size() == 1 ? " target" : " targets")
                + (methods.isEmpty() ? "" : " (" + String.join(",", methods) + ")");
    }

    private static void change(List<String> parts, String field, String before, String after) {
        if (!before.equals(after)) {
            parts.add(field + ": " + before + " -> " + after);
        }
    }
}
