package org.siegegrid.core.board;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of a session where nodes write their rounds and read their shares.
 *
 * @param round        bumped by every round
 * @param entries      node lines by stable node id
 * @param quotaGranted requests granted from the budget so far, all nodes, ever (never decreases:
 *                     quota of a node that vanished stays spent, so sent ≤ budget holds)
 * @param targetRps    open model: the target rate the last round allocated (0 in the closed model)
 * @param deficit      open model: rps with no capacity; closed model: users with no node
 * @param updatedAt    cluster millis of the last round
 */
public record Whiteboard(long round, SortedMap<String, NodeEntry> entries, long quotaGranted,
                         double targetRps, double deficit, long updatedAt) {

    public static final Whiteboard EMPTY = new Whiteboard(0, new TreeMap<>(), 0, 0, 0, 0);

    public Whiteboard {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries == null ? new TreeMap<>() : entries));
    }

    public NodeEntry entry(String nodeId) {
        return entries.get(nodeId);
    }

    /** Granted share of every node on the board, by node id. */
    public SortedMap<String, Share> shares() {
        SortedMap<String, Share> out = new TreeMap<>();
        entries.forEach((id, e) -> out.put(id, e.share()));
        return Collections.unmodifiableSortedMap(out);
    }

    /** Requests left to grant from a budget of {@code requests} (null = unlimited → Long.MAX_VALUE). */
    public long remainingBudget(Long requests) {
        if (requests == null) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, requests - quotaGranted);
    }

    /** Sum of the nodes' reported completed requests. */
    public long done() {
        long n = 0;
        for (NodeEntry e : entries.values()) {
            n += e.done();
        }
        return n;
    }
}
