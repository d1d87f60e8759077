package org.siegegrid.core.session;

import java.util.Objects;

/**
 * One entry of a session's event log (the {@code events} map): what happened to the session, when on
 * the cluster clock, and to which node.
 *
 * @param seq    its number in the session's log, given when it was appended (0 before): the order of
 *               writing, which a late write (a node that had no quorum) makes differ from {@code at}'s
 * @param at     cluster millis of the fact (not of the write)
 * @param kind   {@code created}, {@code started}, {@code updated}, {@code stopped}, {@code paused},
 *               {@code resumed}, {@code ended}, {@code joined}, {@code left}, {@code died}, {@code drained},
 *               {@code activated}, {@code capped}, {@code quorum-lost}, {@code quorum-regained}
 * @param node   the node it concerns (or that decided it), or null
 * @param detail human text, {@code before -> after} where something changed; never a header value
 */
public record SessionEvent(long seq, long at, String kind, String node, String detail) {
    public SessionEvent {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }

    /** An event not appended yet. */
    public static SessionEvent of(long at, String kind, String node, String detail) {
        return new SessionEvent(0, at, kind, node, detail);
    }

    public SessionEvent withSeq(long n) {
        return new SessionEvent(n, at, kind, node, detail);
    }
}
