package org.siegegrid.core.grid;

import java.util.List;

/**
 * The quorum as the rule that enforces it counts it now, on one member: what the API shows is what
 * the split-brain protection applies.
 *
 * @param rule     "off", a fixed size ("2") or "majority"
 * @param required members needed: the fixed size, or a majority of the nodes counted for the fleet
 * @param present  members present that count
 * @param met      whether load may be sent
 * @param fleet    for "majority": the node ids counted as the fleet (seen, not left, not forgotten); else empty
 */
public record QuorumView(String rule, int required, int present, boolean met, List<String> fleet) {
    public QuorumView {
        fleet = List.copyOf(fleet);
    }

    /**
     * What this rule cannot protect against with {@code members} nodes in the cluster, in one line, or
     * null when nothing: without a quorum every side of a split sends; a fixed quorum of half the nodes
     * or less lets both sides of an even split send (the whole target each).
     */
    public String limit(int members) {
        if (members < 2) {
            return null;
        }
        if ("off".equals(rule)) {
            return "no quorum: after a network split every side sends the whole target (set quorum to majority)";
        }
        if (!"majority".equals(rule) && 2 * required <= members) {
            return "quorum " + required + " with " + members + " nodes: both sides of an even split can send the"
                    + " whole target (use majority, or more than half the nodes)";
        }
        return null;
    }
}
