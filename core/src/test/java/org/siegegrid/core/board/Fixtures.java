package org.siegegrid.core.board;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

/** Specs, sessions and a plain map entry for processor tests without a cluster. */
final class Fixtures {
    private Fixtures() {
    }

    static SessionSpec open(double rps, Long requests, Integer concurrency) {
        return new SessionSpec("t", List.of(Target.get("http://127.0.0.1:9/")), null, null, rps, null, null,
                null, false, concurrency, requests, null, null, null, null);
    }

    static SessionSpec closed(int users, Integer concurrency) {
        return new SessionSpec("t", List.of(Target.get("http://127.0.0.1:9/")), null, null, null, null, users,
                null, false, concurrency, null, null, null, null, null);
    }

    static Session running(SessionSpec spec) {
        return Session.create("s1", spec, 1_000).withState(SessionState.RUNNING).withStartedAt(1_000);
    }

    /** A map entry like the one Hazelcast hands a processor (a null value = absent key). */
    static Map.Entry<String, Session> entry(Session s) {
        return new AbstractMap.SimpleEntry<>("s1", s);
    }
}
