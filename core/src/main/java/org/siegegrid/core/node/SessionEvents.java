package org.siegegrid.core.node;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import org.siegegrid.core.session.Session;

/**
 * The {@code sessions} map's events that matter to a node — a session added, its state, version or
 * tombstone changed, removed, merged after a heal — handed on at once (a listener never blocks).
 * Rounds change the board every second; those updates are dropped here. A removed session is
 * handed on as null.
 */
final class SessionEvents implements EntryAddedListener<String, Session>, EntryUpdatedListener<String, Session>,
        EntryRemovedListener<String, Session>, EntryMergedListener<String, Session> {
    private final BiConsumer<String, Session> handOff;
    private final BooleanSupplier closed;

    SessionEvents(BiConsumer<String, Session> handOff, BooleanSupplier closed) {
        this.handOff = handOff;
        this.closed = closed;
    }

    @Override
    public void entryAdded(EntryEvent<String, Session> e) {
        pass(e.getKey(), e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Session> e) {
        Session old = e.getOldValue();
        Session now = e.getValue();
        if (old == null || now == null || old.state() != now.state() || old.version() != now.version()
                || old.deleted() != now.deleted()) {
            pass(e.getKey(), now);
        }
    }

    @Override
    public void entryRemoved(EntryEvent<String, Session> e) {
        pass(e.getKey(), null);
    }

    @Override
    public void entryMerged(EntryEvent<String, Session> e) {
        pass(e.getKey(), e.getValue());
    }

    private void pass(String id, Session s) {
        if (!closed.getAsBoolean()) {
            handOff.accept(id, s);
        }
    }
}
