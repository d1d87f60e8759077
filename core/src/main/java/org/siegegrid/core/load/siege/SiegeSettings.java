package org.siegegrid.core.load.siege;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a node runs siege.
 *
 * @param binary   the siege executable (a path, or a name looked up on PATH)
 * @param termWait how long a process may take to exit after SIGTERM before it gets SIGKILL (and
 *                 how long after SIGKILL before the driver gives up waiting and says so)
 * @param endGrace how long past its {@code -t} a process may run before it is sent SIGTERM (siege
 *                 4.0.7 can hang at the end of a timed run: JoeDog/siege#4)
 */
public record SiegeSettings(String binary, Duration termWait, Duration endGrace) {
    public static final Duration DEFAULT_TERM_WAIT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_END_GRACE = Duration.ofSeconds(2);

    public SiegeSettings {
        binary = binary == null || binary.isBlank() ? "siege" : binary;
        termWait = termWait == null ? DEFAULT_TERM_WAIT : termWait;
        endGrace = endGrace == null ? DEFAULT_END_GRACE : endGrace;
    }

    public static SiegeSettings defaults() {
        return new SiegeSettings("siege", null, null);
    }

    /** The defaults, with the binary named by {@code $SIEGEGRID_SIEGE} when it is set. */
    public static SiegeSettings fromEnvironment() {
        return defaults().withBinary(System.getenv("SIEGEGRID_SIEGE"));
    }

    public SiegeSettings withBinary(String b) {
        return new SiegeSettings(b, termWait, endGrace);
    }

    public SiegeSettings withTermWait(Duration d) {
        return new SiegeSettings(binary, d, endGrace);
    }

    /** The executable this names: itself if it has a slash, else the first match on {@code path}; empty if none. */
    public Optional<Path> resolve(String path) {
        if (binary.contains(File.separator)) {
            Path p = Path.of(binary);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, binary);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@link #resolve(String)} on this process's PATH. */
    public Optional<Path> resolve() {
        return resolve(System.getenv("PATH"));
    }
}
