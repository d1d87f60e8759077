package org.siegegrid.web.cli;

/** Asks a run to end early (Ctrl-C). Checked by the run loop; never blocks. */
@FunctionalInterface
interface StopSignal {
    boolean requested();

    StopSignal NEVER = () -> false;
}
