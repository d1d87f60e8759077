package org.siegegrid.core.grid;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * A node's process figures as it last published them in its {@link NodeInfo}: rounded (CPU to 0.01, heap
 * to whole MiB) so that noise does not make a new value.
 *
 * @param cpuLoad       the JVM process's CPU load, 0..1 of the node's cores; negative when the JVM does not know
 * @param heapUsedBytes heap in use
 * @param heapMaxBytes  the heap's maximum (its committed size when the JVM has no maximum)
 * @param at            cluster millis of the measurement
 */
public record ProcessLoad(double cpuLoad, long heapUsedBytes, long heapMaxBytes, long at) {
    private static final long MIB = 1024 * 1024;

    /** Measures this JVM now: {@code com.sun.management}'s process CPU load, and the heap's usage. */
    public static ProcessLoad sample(long at) {
        double cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuLoad();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        return of(cpu, heap.getUsed(), max, at);
    }

    /** Rounded figures: CPU to 0.01 (negative, i.e. unknown, as -1), heap to whole MiB (at least 1 MiB used). */
    public static ProcessLoad of(double cpuLoad, long heapUsedBytes, long heapMaxBytes, long at) {
        double cpu = !(cpuLoad >= 0) ? -1 : Math.min(1.0, Math.round(cpuLoad * 100) / 100.0);
        long max = Math.max(MIB, Math.round((double) heapMaxBytes / MIB) * MIB);
        long used = Math.min(max, Math.max(MIB, Math.round((double) heapUsedBytes / MIB) * MIB));
        return new ProcessLoad(cpu, used, max, at);
    }

    /** Whether the CPU load is known. */
    public boolean cpuKnown() {
        return cpuLoad >= 0;
    }

    /** The same figures, whenever measured. */
    public boolean sameFigures(ProcessLoad o) {
        return o != null && o.cpuLoad == cpuLoad && o.heapUsedBytes == heapUsedBytes && o.heapMaxBytes == heapMaxBytes;
    }
}
