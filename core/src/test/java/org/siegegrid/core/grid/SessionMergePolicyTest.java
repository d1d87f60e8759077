package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionMergePolicyTest {

    @ParameterizedTest
    @CsvSource({"3,2,merging", "2,3,existing", "2,2,existing", "1,1,existing"})
    void higherVersionWinsATieKeepsTheExisting(long merging, long existing, String expected) {
        Session base = Values.EMPTY_SESSION;
        Session m = base.withVersion(merging).withState(SessionState.PAUSED, "merging");
        Session e = base.withVersion(existing).withState(SessionState.RUNNING, "existing");
        assertThat(SessionMergePolicy.winner(m, e).reason()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void aTombstoneBeatsTheStaleCopyItReplaced(boolean tombstoneMerging) {
        Session live = Values.EMPTY_SESSION;
        Session dead = live.tombstone();
        Session winner = tombstoneMerging ? SessionMergePolicy.winner(dead, live) : SessionMergePolicy.winner(live, dead);
        assertThat(winner.deleted()).isTrue();
    }
}
