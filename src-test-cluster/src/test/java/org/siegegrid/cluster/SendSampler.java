package org.siegegrid.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samples, every {@value #PERIOD_MS} ms on a thread of its own, the bytes each node's process has sent to the
 * sink ({@link SocketBytes}): who sent what, when, with no help from the nodes. Times are session seconds.
 */
final class SendSampler implements AutoCloseable {
    static final long PERIOD_MS = 200;

    private record Sample(double t, Map<Long, Long> bytes) {
    }

    private final Scenario run;
    private final int sinkPort;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    SendSampler(Scenario run, int sinkPort) {
        this.run = run;
        this.sinkPort = sinkPort;
        this.thread = new Thread(this::loop, "send-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            Sample s = new Sample(run.now(), SocketBytes.sentTo(sinkPort));
            synchronized (samples) {
                samples.add(s);
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Sample> copy() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private static long bytes(Sample s, long pid) {
        return s.bytes().getOrDefault(pid, 0L);
    }

    /** Bytes {@code pid} sent between the samples nearest {@code from} and {@code to} (0 when none). */
    long sent(long pid, double from, double to) {
        List<Sample> all = copy();
        Sample a = null;
        Sample b = null;
        for (Sample s : all) {
            if (a == null && s.t() >= from) {
                a = s;
            }
            if (s.t() <= to) {
                b = s;
            }
        }
        return a == null || b == null || b.t() <= a.t() ? 0 : Math.max(0, bytes(b, pid) - bytes(a, pid));
    }

    /** The longest stretch in {@code [from, to]} during which {@code pid} sent no byte, seconds. */
    double longestIdle(long pid, double from, double to) {
        double longest = 0;
        Double idleSince = null;
        Sample prev = null;
        for (Sample s : copy()) {
            if (s.t() < from || s.t() > to) {
                continue;
            }
            if (prev != null) {
                boolean idle = bytes(s, pid) == bytes(prev, pid);
                if (idle && idleSince == null) {
                    idleSince = prev.t();
                } else if (!idle) {
                    idleSince = null;
                }
                if (idleSince != null) {
                    longest = Math.max(longest, s.t() - idleSince);
                }
            }
            prev = s;
        }
        return longest;
    }

    /**
     * The time of the first sample in {@code [from, to]} after which {@code pid}'s bytes never grow again up to
     * {@code to}: when it went silent ({@code from} if it sent nothing in the window, NaN if it sent till the end).
     */
    double silentFrom(long pid, double from, double to) {
        double since = from;
        Sample prev = null;
        for (Sample s : copy()) {
            if (s.t() < from || s.t() > to) {
                continue;
            }
            if (prev != null && bytes(s, pid) > bytes(prev, pid)) {
                since = s.t();
            }
            prev = s;
        }
        return prev != null && since >= prev.t() ? Double.NaN : since;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(2000);
    }
}
