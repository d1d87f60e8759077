package org.siegegrid.core.node;

import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;

/**
 * What the board has given one node for one session: the share in force, the quota, and the switch
 * it scheduled for a hand-off (make-before-break). A decrease is made {@link #SWITCH_EARLY_MILLIS}
 * before its instant and an increase as long after it, so that with the fence's 50 ms beat the two
 * sides of a hand-off never overlap (a dip of at most two beats). Pure; its runner guards it.
 */
final class ShareSchedule {
    static final long SWITCH_EARLY_MILLIS = 25;

    private volatile Share share = Share.ZERO;
    private Share pending;
    private long pendingAt;
    private long quota = Long.MAX_VALUE;
    private long round;

    /** Takes a round's answer: its quota, round and scheduled switch; the share it grants now is returned. */
    Share take(RoundResult r) {
        quota = r.quota();
        round = r.round();
        pending = r.scheduled() ? r.next() : null;
        pendingAt = r.nextAt();
        return r.share();
    }

    /** Makes {@code s} the share in force. */
    void inForce(Share s) {
        share = s;
    }

    /** The share in force (any thread). */
    Share share() {
        return share;
    }

    long quota() {
        return quota;
    }

    /** The scheduled share once its switch is due at {@code now} (cluster millis), taken off the schedule; else null. */
    Share due(long now) {
        if (pending == null) {
            return null;
        }
        boolean down = pending.fraction() < share.fraction() || pending.users() < share.users();
        long at = down ? pendingAt - SWITCH_EARLY_MILLIS : pendingAt + SWITCH_EARLY_MILLIS;
        if (now < at) {
            return null;
        }
        Share s = pending;
        pending = null;
        return s;
    }

    /** When this node's share goes to the others (cluster millis) if it is scheduled to end; 0 otherwise. */
    long handOverAt() {
        return pending != null && pending.idle() ? pendingAt : 0;
    }

    /** For the log: the round the share holds until, and the switch to come. */
    String describe(long now) {
        return "until round " + round + (pending == null ? ""
                : String.format(", then %.1f rps in %d ms", pending.rps(), pendingAt - now));
    }
}
