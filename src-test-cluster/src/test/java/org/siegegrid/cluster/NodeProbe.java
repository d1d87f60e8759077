package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node process's threads and heap, read from outside: its {@code /metrics} (JVM live threads, session
 * counters), {@code ps} (native threads) and {@code jcmd} (a full GC, then the heap in use after it).
 */
final class NodeProbe {
    /** Heap lines of {@code GC.heap_info}: Serial, Parallel and G1. */
    private static final Pattern HEAP = Pattern.compile("^\\s*(?:def new generation|tenured generation|PSYoungGen"
            + "|ParOldGen|garbage-first heap)\\s+total \\d+K, used (\\d+)K", Pattern.MULTILINE);

    /** A thread's name with its numbers dropped: {@code hz.n40.partition-operation.thread-#} for a pool's. */
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]*)\"", Pattern.MULTILINE);

    /**
     * One reading of one node.
     *
     * @param threadGroups JVM threads by name with the numbers dropped (a pool's threads together), from
     *                     {@code jcmd Thread.print}
     */
    record Sample(String node, double t, int liveThreads, int nativeThreads, long heapAfterGcKb,
                  Map<String, Integer> threadGroups) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d live threads (%d native), heap after GC %.1f MB", node,
                    liveThreads, nativeThreads, heapAfterGcKb / 1024.0);
        }
    }

    private NodeProbe() {
    }

    /** Threads and heap after a full GC of {@code node} now; {@code t} labels the reading. */
    static Sample sample(Fleet.Node node, double t) {
        long heap = heapAfterGcKb(node.pid());
        return new Sample(node.id, t, (int) metric(node, "jvm_threads_live_threads", ""), nativeThreads(node.pid()),
                heap, threadGroups(node.pid()));
    }

    /** The thread groups whose count changed from {@code a} to {@code b}: {@code {"name-#": +2, ...}}. */
    static Map<String, Integer> threadGrowth(Sample a, Sample b) {
        Map<String, Integer> d = new TreeMap<>();
        Set<String> names = new TreeSet<>(a.threadGroups().keySet());
        names.addAll(b.threadGroups().keySet());
        for (String n : names) {
            int x = b.threadGroups().getOrDefault(n, 0) - a.threadGroups().getOrDefault(n, 0);
            if (x != 0) {
                d.put(n, x);
            }
        }
        return d;
    }

    /** JVM threads by name with the digits dropped ({@code jcmd PID Thread.print}). */
    static Map<String, Integer> threadGroups(long pid) {
        Map<String, Integer> groups = new TreeMap<>();
        Matcher m = THREAD.matcher(run("jcmd", Long.toString(pid), "Thread.print"));
        while (m.find()) {
            groups.merge(m.group(1).replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return groups;
    }

    /**
     * The sum of the {@code /metrics} lines named {@code name} whose labels contain {@code labelPart} (NaN when
     * the node does not answer, 0 when no line matches).
     */
    static double metric(Fleet.Node node, String name, String labelPart) {
        Http.Answer a = Http.get(node.api() + "/metrics");
        if (a.status() != 200) {
            return Double.NaN;
        }
        double sum = 0;
        for (String line : a.body().split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String key = line.substring(0, sp);
            boolean sameName = key.equals(name) || key.startsWith(name + "{");
            if (sameName && key.contains(labelPart)) {
                sum += Double.parseDouble(line.substring(sp + 1));
            }
        }
        return sum;
    }

    /** Native threads of a process ({@code ps -o nlwp=}); -1 when it cannot be read. */
    static int nativeThreads(long pid) {
        String out = run("ps", "-o", "nlwp=", "-p", Long.toString(pid)).trim();
        return out.isEmpty() ? -1 : Integer.parseInt(out);
    }

    /** {@code jcmd PID GC.run}, then the heap in use as {@code GC.heap_info} shows it, KB; -1 when unreadable. */
    static long heapAfterGcKb(long pid) {
        run("jcmd", Long.toString(pid), "GC.run");
        Matcher m = HEAP.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
        long kb = 0;
        boolean any = false;
        while (m.find()) {
            kb += Long.parseLong(m.group(1));
            any = true;
        }
        return any ? kb : -1;
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
