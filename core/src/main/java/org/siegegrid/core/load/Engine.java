package org.siegegrid.core.load;

/** Makes runners. One engine per node (it owns the I/O threads); many runners share it. */
public interface Engine extends AutoCloseable {
    LoadRunner newRunner(LoadPlan plan);

    @Override
    void close();
}
