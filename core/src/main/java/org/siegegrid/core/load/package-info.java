/**
 * Load generation on one node.
 *
 * <p>Contracts: {@link org.siegegrid.core.load.Engine} makes {@link org.siegegrid.core.load.LoadRunner}s
 * for {@link org.siegegrid.core.load.LoadPlan}s; a runner is driven by {@link org.siegegrid.core.load.LocalShare}s.
 *
 * <p>Pure pacing: {@link org.siegegrid.core.load.RateProfile} (piecewise-linear rate, closed-form
 * cumulative count and inverse) and {@link org.siegegrid.core.load.Pacer} (absolute due times,
 * re-anchoring, lateness drops) read no clock and never sleep.
 *
 * <p>The native engine ({@link org.siegegrid.core.load.NativeEngine}) follows wrk2: pacing runs inside
 * the I/O loops. A runner has one slice per loop ({@code OpenSlice} or {@code ClosedSlice}); each owns
 * a share of the connections and of the rate, sleeps until its next due time with one timer, sends
 * every due request on free connections, and records into single-writer counters and HdrHistogram
 * recorders. Control calls post tasks to the loops; pause and stop are fences (nothing starts after
 * they return). The transport is behind {@link org.siegegrid.core.load.HttpTransport}; the Netty one
 * lives in {@code org.siegegrid.core.load.http}.
 */
package org.siegegrid.core.load;
