package org.siegegrid.core.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.Target;

/**
 * A deterministic, single-threaded {@link HttpTransport} on a {@link FakeTicker}: nothing runs
 * until the test advances time; then every task, timer and simulated reply of every loop runs in
 * time order (ties in the order they were posted), with the clock set to the instant it was due.
 * So "advance 1 s" sends exactly what the schedule made due in that second, and every send is
 * recorded with its instant, loop, connection and path.
 *
 * <p>A control call from the test thread runs at once on its loop (see {@link FakeLoop#execute}).
 *
 * <p>The fake server answers each request as its {@link Responder} says: after a simulated latency
 * with a status, never, or with a failure; connects take {@link #connectLatency} or fail as
 * {@link #refuseConnects} says. It keeps the {@link Connection} contract the engine relies on:
 * listener calls always come later on the loop, never inside a call into the connection; a
 * closed connection reports {@code closed} once; an abandoned one reports nothing else. A send on
 * a connection that is not connected and idle is an engine bug: it fails the test.
 */
final class FakeTransport implements HttpTransport {
    static final long NEVER = Long.MAX_VALUE;
    private static final int MAX_TASKS_PER_INSTANT = 2_000_000;

    /** What the fake server does with one request. {@code failure} null: a response. */
    record Reply(long latencyNanos, int status, long bodyBytes, ErrorKind failure, boolean keepAlive) {
        static Reply ok(Duration latency) {
            return new Reply(latency.toNanos(), 200, 100, null, true);
        }

        static Reply status(int status, Duration latency) {
            return new Reply(latency.toNanos(), status, 100, null, true);
        }

        /** The server reads the request and never answers. */
        static Reply never() {
            return new Reply(NEVER, 0, 0, null, true);
        }

        /** The connection breaks after {@code after} with the request in flight. */
        static Reply fail(ErrorKind kind, Duration after) {
            return new Reply(after.toNanos(), 0, 0, kind, false);
        }

        Reply closing() {
            return new Reply(latencyNanos, status, bodyBytes, failure, false);
        }
    }

    /** The fake server's behaviour: a reply for each request, from the request and its arrival instant. */
    @FunctionalInterface
    interface Responder {
        Reply reply(Request request, long atNanos);
    }

    /** One request the fake server received. */
    record Sent(long atNanos, int loop, int connection, String path) {
    }

    /** A prepared target: its origin and path. */
    record Request(Target target, String origin, String path) implements PreparedRequest {
    }

    private record Task(long at, long seq, FakeLoop loop, Runnable run) {
    }

    private final FakeTicker ticker;
    private final FakeLoop[] loops;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
            : Long.compare(a.seq, b.seq));
    private final List<Sent> sent = new ArrayList<>();
    private long seq;
    private FakeLoop current;
    private Responder responder = (r, at) -> Reply.ok(Duration.ofMillis(1));
    private long connectNanos;
    private ErrorKind connectFailure;
    private int connectionsMade;
    private int openConnections;
    private int unanswered;
    private boolean closed;

    FakeTransport(FakeTicker ticker, int loops) {
        this.ticker = ticker;
        this.loops = new FakeLoop[loops];
        for (int i = 0; i < loops; i++) {
            this.loops[i] = new FakeLoop(i);
        }
    }

    // ---- the fake server's behaviour ----

    FakeTransport respond(Responder r) {
        responder = r;
        return this;
    }

    /** Every request answered 200 after {@code latency}. */
    FakeTransport latency(Duration latency) {
        return respond((r, at) -> Reply.ok(latency));
    }

    FakeTransport connectLatency(Duration d) {
        connectNanos = d.toNanos();
        return this;
    }

    /** Every connect fails with {@code kind} (null: connects succeed). */
    FakeTransport refuseConnects(ErrorKind kind) {
        connectFailure = kind;
        return this;
    }

    // ---- running simulated time ----

    long now() {
        return ticker.nanoTime();
    }

    /** Runs everything due up to now + {@code d} (inclusive); the clock ends at now + d. */
    void advance(Duration d) {
        runUntil(now() + d.toNanos());
    }

    void advanceMillis(long ms) {
        runUntil(now() + ms * 1_000_000L);
    }

    /** Runs what is due now (the control calls just posted). */
    void runPending() {
        runUntil(now());
    }

    /** Runs everything due up to {@code t} (inclusive); the clock ends at {@code t}. */
    void runUntil(long t) {
        if (t < now()) {
            throw new IllegalArgumentException("time runs forward only");
        }
        while (!tasks.isEmpty() && tasks.peek().at <= t) {
            step();
        }
        ticker.set(t);
    }

    /**
     * Runs task by task until {@code condition} holds (checked before each task) or {@code limit}
     * has elapsed; returns the instant it first held, or throws.
     */
    long runUntil(BooleanSupplier condition, Duration limit) {
        long end = now() + limit.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return now();
            }
            if (tasks.isEmpty() || tasks.peek().at > end) {
                ticker.set(end);
                if (condition.getAsBoolean()) {
                    return end;
                }
                throw new AssertionError("not reached within " + limit + " of simulated time");
            }
            step();
        }
    }

    private long lastAt = Long.MIN_VALUE;
    private int atSameInstant;

    private void step() {
        Task task = tasks.poll();
        long at = Math.max(task.at, now());
        if (at == lastAt) {
            if (++atSameInstant > MAX_TASKS_PER_INSTANT) {
                throw new AssertionError("livelock: more than " + MAX_TASKS_PER_INSTANT + " tasks at one instant");
            }
        } else {
            lastAt = at;
            atSameInstant = 0;
        }
        ticker.set(at);
        FakeLoop was = current;
        current = task.loop;
        try {
            task.run.run();
        } finally {
            current = was;
        }
    }

    private void post(FakeLoop loop, long at, Runnable r) {
        tasks.add(new Task(at, seq++, loop, r));
    }

    // ---- what happened ----

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    int sentCount() {
        return sent.size();
    }

    /** Requests received in [from, to). */
    long sentBetween(long from, long to) {
        return sent.stream().filter(s -> s.atNanos >= from && s.atNanos < to).count();
    }

    long sentTo(String path) {
        return sent.stream().filter(s -> s.path.equals(path)).count();
    }

    int connectionsMade() {
        return connectionsMade;
    }

    int openConnections() {
        return openConnections;
    }

    /** Requests the server has but has not answered (nor failed) yet. */
    int unanswered() {
        return unanswered;
    }

    int pendingTasks() {
        return tasks.size();
    }

    // ---- HttpTransport ----

    @Override
    public int loopCount() {
        return loops.length;
    }

    @Override
    public IoLoop loop(int index) {
        return loops[index];
    }

    @Override
    public PreparedRequest prepare(Target target) {
        URI u = URI.create(target.url());
        String scheme = u.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null) {
            throw new IllegalArgumentException("cannot send to " + target.url());
        }
        int port = u.getPort() > 0 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return new Request(target, scheme + "://" + u.getHost() + ":" + port, path);
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    // ---- the fakes ----

    final class FakeLoop implements IoLoop {
        final int index;

        FakeLoop(int index) {
            this.index = index;
        }

        @Override
        public boolean inLoop() {
            return current == this;
        }

        /**
         * From a task: runs after what is already due now. From the test thread (between advances,
         * when every loop is idle): runs at once on this loop, as an idle loop would pick it up, so
         * control calls take effect now and a close that waits for its loops does not block.
         */
        @Override
        public void execute(Runnable task) {
            if (current != null) {
                post(this, now(), task);
                return;
            }
            current = this;
            try {
                task.run();
            } finally {
                current = null;
            }
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            post(this, now() + Math.max(0, delayNanos), task);
        }

        @Override
        public Connection connect(PreparedRequest forOrigin, long timeoutNanos, ConnectionListener listener) {
            if (!inLoop()) {
                throw new AssertionError("connect off the loop");
            }
            FakeConnection c = new FakeConnection(this, ((Request) forOrigin).origin(), listener, connectionsMade++);
            openConnections++;
            ErrorKind fail = connectFailure;
            if (fail != null) {
                post(this, now() + connectNanos, () -> c.breakWith(fail));
            } else {
                post(this, now() + connectNanos, c::onConnected);
            }
            return c;
        }
    }

    final class FakeConnection implements Connection {
        private static final int CONNECTING = 0;
        private static final int OPEN = 1;
        private static final int CLOSED = 2;
        private final FakeLoop loop;
        private final String origin;
        private final ConnectionListener listener;
        private final int id;
        private int state = CONNECTING;
        private boolean inFlight;
        private boolean abandoned;
        private boolean closedReported;
        private long requestSeq;

        FakeConnection(FakeLoop loop, String origin, ConnectionListener listener, int id) {
            this.loop = loop;
            this.origin = origin;
            this.listener = listener;
            this.id = id;
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public boolean reusable() {
            return state == OPEN && !inFlight;
        }

        @Override
        public void send(PreparedRequest request) {
            if (!loop.inLoop()) {
                throw new AssertionError("send off the loop");
            }
            if (state != OPEN || inFlight) {
                throw new AssertionError("send on a connection that is " + (inFlight ? "busy" : "not connected"));
            }
            Request r = (Request) request;
            long at = now();
            sent.add(new Sent(at, loop.index, id, r.path()));
            inFlight = true;
            unanswered++;
            long mine = ++requestSeq;
            Reply reply = responder.reply(r, at);
            if (reply.latencyNanos == NEVER) {
                return;
            }
            post(loop, at + reply.latencyNanos, () -> answer(mine, reply));
        }

        private void answer(long which, Reply reply) {
            if (state != OPEN || !inFlight || which != requestSeq) {
                return; // closed (or timed out and abandoned) meanwhile
            }
            inFlight = false;
            unanswered--;
            if (reply.failure != null) {
                breakWith(reply.failure);
                return;
            }
            if (!reply.keepAlive) {
                state = CLOSED;
                post(loop, now(), this::reportClosed);
            }
            if (!abandoned) {
                listener.response(this, reply.status, reply.bodyBytes);
            }
        }

        private void onConnected() {
            if (state != CONNECTING) {
                return;
            }
            state = OPEN;
            if (!abandoned) {
                listener.connected(this);
            }
        }

        /** A connect or in-flight failure: reported, then closed. */
        private void breakWith(ErrorKind kind) {
            if (state == CLOSED) {
                return;
            }
            state = CLOSED;
            if (!abandoned) {
                listener.failed(this, kind);
            }
            reportClosed();
        }

        @Override
        public void close() {
            abandoned = true;
            if (state != CLOSED) {
                state = CLOSED;
                if (inFlight) {
                    inFlight = false;
                    unanswered--;
                }
                post(loop, now(), this::reportClosed);
            }
        }

        private void reportClosed() {
            if (!closedReported) {
                closedReported = true;
                openConnections--;
                listener.closed(this);
            }
        }
    }
}
