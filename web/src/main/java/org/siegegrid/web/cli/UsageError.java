package org.siegegrid.web.cli;

/**
 * A mistake in what the user typed or gave us (flags, files, URLs). {@link Main} prints its
 * message as one line and exits 2; never a stack trace.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message, null, false, false);
    }
}
