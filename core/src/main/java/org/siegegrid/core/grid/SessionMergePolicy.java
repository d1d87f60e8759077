package org.siegegrid.core.grid;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

import org.siegegrid.core.board.WireIds;
import org.siegegrid.core.session.Session;

/**
 * Split-brain merge of the {@code sessions} map: the higher {@link Session#version()} wins; a tie
 * keeps the existing value (the larger cluster's, which the smaller one merges into). A delete is
 * a tombstone with a bumped version, so a stale copy from a minority cannot resurrect it.
 * Unlike {@code LatestUpdateMergePolicy} it needs neither per-entry stats nor synchronized clocks.
 */
public final class SessionMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object>,
        IdentifiedDataSerializable {

    @Override
    public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        if (merging == null) {
            return existing.getRawValue();
        }
        Object m = merging.getDeserializedValue();
        Object e = existing.getDeserializedValue();
        if (m instanceof Session ms && e instanceof Session es) {
            return winner(ms, es) == ms ? merging.getRawValue() : existing.getRawValue();
        }
        return existing.getRawValue();
    }

    /** The rule itself: higher version wins, a tie keeps the existing one. */
    public static Session winner(Session merging, Session existing) {
        return merging.version() > existing.version() ? merging : existing;
    }

    @Override
    public int getFactoryId() {
        return WireIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return WireIds.SESSION_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // stateless
    }

    @Override
    public void readData(ObjectDataInput in) {
        // stateless
    }
}
