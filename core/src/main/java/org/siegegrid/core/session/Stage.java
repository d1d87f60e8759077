package org.siegegrid.core.session;

import java.time.Duration;

/** One ramp stage: the rate moves linearly from the previous stage's rate to {@code rps} over {@code duration}. */
public record Stage(Duration duration, double rps) {
}
