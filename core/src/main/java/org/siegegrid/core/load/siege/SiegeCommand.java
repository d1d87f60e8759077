package org.siegegrid.core.load.siege;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.session.Order;

/**
 * The command line of one siege process, pure: the plan's closed model as siege's flags. {@code -c} is
 * this node's users, {@code -r} the repetitions per user that fit the budget left (none: unbounded),
 * {@code -t} the seconds left of the plan (none: until stopped), {@code -d} the think time or
 * {@code -b}, {@code -i} for random order, {@code -H}/{@code -T} the targets' headers, {@code -f} the
 * generated URL file, {@code -R} a private rc file (so {@code ~/.siege/siege.conf} changes nothing),
 * {@code -v} for the per-request lines, {@code --no-parser} so siege fetches no page resources.
 *
 * @param users   siege -c, at least 1
 * @param reps    siege -r, 0 = not given
 * @param seconds siege -t in seconds, 0 = not given
 */
public record SiegeCommand(int users, long reps, long seconds) {

    public SiegeCommand {
        if (users < 1 || reps < 0 || seconds < 0) {
            throw new IllegalArgumentException("bad siege run: -c " + users + " -r " + reps + " -t " + seconds);
        }
    }

    /** The argv for this run of {@code binary} on {@code plan}, with the files the runner wrote. */
    public List<String> argv(String binary, LoadPlan plan, Path rcFile, Path urlFile) {
        List<String> a = new ArrayList<>();
        a.add(binary);
        a.add("-R");
        a.add(rcFile.toString());
        a.add("-f");
        a.add(urlFile.toString());
        a.add("-c");
        a.add(Integer.toString(users));
        if (reps > 0) {
            a.add("-r");
            a.add(Long.toString(reps));
        }
        if (seconds > 0) {
            a.add("-t");
            a.add(seconds + "S");
        }
        if (plan.benchmark() || plan.delay() == null) {
            a.add("-b");
        } else {
            a.add("-d");
            a.add(seconds(plan.delay()));
        }
        if (plan.order() == Order.RANDOM) {
            a.add("-i");
        }
        for (Map.Entry<String, String> h : headers(plan).entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                a.add("-T");
                a.add(h.getValue());
            } else {
                a.add("-H");
                a.add(h.getKey() + ": " + h.getValue());
            }
        }
        a.add("-v");
        a.add("--no-parser");
        return a;
    }

    /** The headers every request carries (the spec's validation makes the targets agree on them). */
    static Map<String, String> headers(LoadPlan plan) {
        return new TreeMap<>(plan.targets().get(0).headers());
    }

    /**
     * True when {@code a} and {@code b} make the same siege command line and files for the same share
     * (they may differ in the session's users, which arrive as the share, and in their seeds).
     */
    public static boolean sameRun(LoadPlan a, LoadPlan b) {
        return a.targets().equals(b.targets()) && a.order() == b.order() && java.util.Objects.equals(a.delay(),
                b.delay()) && a.benchmark() == b.benchmark() && a.timeout().equals(b.timeout())
                && java.util.Objects.equals(a.duration(), b.duration());
    }

    /** siege's -d takes seconds, fractions allowed. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
    }

    /**
     * The next run for a budget: {@code left} requests, {@code users} on this node. Every user does the
     * same number of repetitions, so the run sends {@code users * reps} requests; when fewer are left
     * than users, fewer users do one each. Null when nothing is left or there are no users.
     */
    public static SiegeCommand forBudget(int users, long left, long seconds) {
        if (users < 1 || left <= 0) {
            return null;
        }
        if (left == Long.MAX_VALUE) {
            return new SiegeCommand(users, 0, seconds);
        }
        if (left < users) {
            return new SiegeCommand((int) left, 1, seconds);
        }
        return new SiegeCommand(users, left / users, seconds);
    }
}
