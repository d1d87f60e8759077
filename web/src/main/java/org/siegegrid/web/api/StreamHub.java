package org.siegegrid.web.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One producer, many subscribers: every tick (a second) each topic with subscribers (the cluster,
 * one per watched session) is computed once, on the hub's own thread, and the same frame is queued
 * to each subscriber without waiting for any. A topic without subscribers is not computed and is
 * forgotten. At most {@code maxSubscribers} streams are open on this node. Frame numbers (the SSE ids)
 * are counted across the hub, so they only grow — also over a topic forgotten and watched again — and
 * each topic keeps its last {@code maxPending - 1} frames for a client that reconnects with
 * {@code Last-Event-ID}.
 */
final class StreamHub implements AutoCloseable {
    static final int MAX_SUBSCRIBERS = 64;
    /** Frames queued but not yet written before a subscriber counts as stalled and is dropped. */
    static final int MAX_PENDING = 5;
    private static final Logger LOG = LogManager.getLogger(StreamHub.class);
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** The number of the last frame computed on any topic. */
    private final AtomicLong frames = new AtomicLong();
    private final int maxSubscribers;
    private final int maxPending;
    private final long periodMillis;
    private final Object lifecycle = new Object();
    private ScheduledExecutorService ticker;
    private volatile boolean closed;

    private static final class Topic {
        final FrameSource source;
        final Set<StreamSubscriber> subscribers = new CopyOnWriteArraySet<>();
        final AtomicLong computed = new AtomicLong();
        /** The last frames, oldest first (guarded by itself). */
        final java.util.ArrayDeque<Frame> recent = new java.util.ArrayDeque<>();
        volatile Frame last;

        Topic(FrameSource source) {
            this.source = source;
        }

        void keep(Frame f, int max) {
            synchronized (recent) {
                recent.addLast(f);
                while (recent.size() > max) {
                    recent.pollFirst();
                }
            }
        }

        /** The kept frames after {@code seq}: all those kept when {@code seq} is older than them. */
        java.util.List<Frame> after(long seq) {
            synchronized (recent) {
                return recent.stream().filter(f -> f.seq() > seq).toList();
            }
        }
    }

    StreamHub() {
        this(MAX_SUBSCRIBERS, MAX_PENDING, 1_000);
    }

    StreamHub(int maxSubscribers, int maxPending, long periodMillis) {
        this.maxSubscribers = maxSubscribers;
        this.maxPending = maxPending;
        this.periodMillis = periodMillis;
    }

    /**
     * Opens a stream on a topic: the subscriber gets the topic's last frame at once (when there is
     * one) and every frame after it. Returns null when this node already serves the maximum.
     */
    StreamSubscriber subscribe(String key, Supplier<FrameSource> source, StreamSink sink) {
        return subscribe(key, source, sink, null);
    }

    /**
     * {@link #subscribe(String, Supplier, StreamSink)} for a client that reconnects: with the id of the
     * last frame it got ({@code Last-Event-ID}), it gets the frames kept after that one instead of the
     * last alone (all those kept when it missed more; none when it missed none).
     */
    StreamSubscriber subscribe(String key, Supplier<FrameSource> source, StreamSink sink, String lastEventId) {
        if (closed) {
            return null;
        }
        if (open.incrementAndGet() > maxSubscribers) {
            open.decrementAndGet();
            return null;
        }
        startTicking();
        StreamSubscriber[] made = new StreamSubscriber[1];
        Topic t = topics.compute(key, (k, old) -> {
            Topic topic = old != null ? old : new Topic(source.get());
            StreamSubscriber sub = new StreamSubscriber(sink, maxPending, () -> leave(k, made[0]));
            made[0] = sub;
            topic.subscribers.add(sub);
            return topic;
        });
        long resume = resumeAfter(lastEventId);
        if (resume >= 0) {
            for (Frame f : t.after(resume)) {
                made[0].offer(f);
            }
            return made[0];
        }
        Frame last = t.last;
        if (last != null && !last.last()) {
            made[0].offer(last);
        }
        return made[0];
    }

    /** The frame number a reconnecting client last got, or -1 (none, or not one of ours). */
    private static long resumeAfter(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void leave(String key, StreamSubscriber sub) {
        open.decrementAndGet();
        topics.computeIfPresent(key, (k, t) -> {
            t.subscribers.remove(sub);
            return t.subscribers.isEmpty() ? null : t;
        });
    }

    private void startTicking() {
        synchronized (lifecycle) {
            if (ticker == null && !closed) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread th = new Thread(r, "siegegrid-streams");
                    th.setDaemon(true);
                    return th;
                });
                ticker.scheduleAtFixedRate(this::tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One tick: each topic with subscribers computed once, its frame queued to all of them. */
    void tick() {
        try {
            tickOnce();
        } catch (RuntimeException e) {
            LOG.warn("stream tick failed", e);   // a scheduled task that throws is never run again
        }
    }

    private void tickOnce() {
        for (Map.Entry<String, Topic> e : topics.entrySet()) {
            Topic t = e.getValue();
            if (t.subscribers.isEmpty()) {
                continue;
            }
            Frame f = compute(e.getKey(), t);
            t.last = f;
            t.keep(f, Math.max(1, maxPending - 1));
            for (StreamSubscriber s : t.subscribers) {
                s.offer(f);
            }
        }
    }

    private Frame compute(String key, Topic t) {
        t.computed.incrementAndGet();
        long seq = frames.incrementAndGet();
        FrameSource.Result r;
        try {
            r = t.source.next(seq);
        } catch (ApiError e) {
            r = FrameSource.Result.of("unavailable", unavailable(seq, e.problems().isEmpty() ? e.code() : e.problems().get(0).message()));
        } catch (RuntimeException e) {
            LOG.debug("stream {}: {}", key, e.toString());
            r = FrameSource.Result.of("unavailable", unavailable(seq, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return new Frame(r.event(), seq, GSON.toJson(r.data()), r.last());
    }

    private static JsonObject unavailable(long seq, String why) {
        JsonObject o = new JsonObject();
        o.addProperty("seq", seq);
        o.addProperty("error", why);
        return o;
    }

    int maxSubscribers() {
        return maxSubscribers;
    }

    /** Streams open on this node. */
    int subscribers() {
        return open.get();
    }

    /** Topics being computed (those with subscribers). */
    Set<String> topics() {
        return Set.copyOf(topics.keySet());
    }

    /** How many frames a topic has computed so far (0 for an unknown topic). */
    long computed(String key) {
        Topic t = topics.get(key);
        return t == null ? 0 : t.computed.get();
    }

    /** Stops ticking and closes every stream. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        for (Topic t : topics.values()) {
            for (StreamSubscriber s : t.subscribers) {
                s.close("server closing");
            }
        }
        topics.clear();
    }
}
