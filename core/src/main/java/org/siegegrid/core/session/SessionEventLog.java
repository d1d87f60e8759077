package org.siegegrid.core.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A session's event log as stored: the newest {@link #MAX} events in the order they were appended, and
 * the number the next one gets. Pure: {@link #append} returns a new log.
 *
 * @param next   the {@link SessionEvent#seq} of the next event appended (1 for the first)
 * @param events oldest appended first
 */
public record SessionEventLog(long next, List<SessionEvent> events) {
    public static final int MAX = 500;
    public static final String CREATED = "created";
    public static final SessionEventLog EMPTY = new SessionEventLog(1, List.of());

    public SessionEventLog {
        events = events == null ? List.of() : List.copyOf(events);
        next = Math.max(1, next);
    }

    /**
     * The log with {@code added} appended (numbered from {@link #next}), only the newest {@code max}
     * appended kept. A log that does not exist ({@code log} null) is started only by a
     * {@link #CREATED} event: a late write for a session whose log was deleted with it starts none.
     *
     * @return the new log, or null when nothing is to be written
     */
    public static SessionEventLog append(SessionEventLog log, List<SessionEvent> added, int max) {
        if (added.isEmpty() || log == null && !CREATED.equals(added.get(0).kind())) {
            return null;
        }
        SessionEventLog from = log == null ? EMPTY : log;
        List<SessionEvent> out = new ArrayList<>(from.events.size() + added.size());
        out.addAll(from.events);
        long n = from.next;
        for (SessionEvent e : added) {
            out.add(e.withSeq(n++));
        }
        int drop = Math.max(0, out.size() - max);
        return new SessionEventLog(n, out.subList(drop, out.size()));
    }

    /** The events with {@code at} after {@code since} (cluster millis), oldest first (by time, then by number). */
    public List<SessionEvent> since(long since) {
        return events.stream().filter(e -> e.at() > since)
                .sorted(Comparator.comparingLong(SessionEvent::at).thenComparingLong(SessionEvent::seq)).toList();
    }

    /** The events appended after number {@code seq}, oldest first (by time, then by number). */
    public List<SessionEvent> after(long seq) {
        return events.stream().filter(e -> e.seq() > seq)
                .sorted(Comparator.comparingLong(SessionEvent::at).thenComparingLong(SessionEvent::seq)).toList();
    }

    /** The number of the last event appended (0 for none). */
    public long lastSeq() {
        return next - 1;
    }
}
