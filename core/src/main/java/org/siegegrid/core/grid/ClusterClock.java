package org.siegegrid.core.grid;

/**
 * Cluster time in milliseconds: session start and end times, leases and lifecycle decisions use it.
 * {@link Grid#clock()} reads Hazelcast's cluster clock; tests pass a fake.
 */
@FunctionalInterface
public interface ClusterClock {
    long millis();
}
