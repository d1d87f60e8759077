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
}
