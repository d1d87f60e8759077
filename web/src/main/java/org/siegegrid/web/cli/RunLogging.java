package org.siegegrid.web.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * Logging for {@code run}. The only logger that speaks during a local run is Netty's (rare
 * warnings), so it goes through java.util.logging to stderr, one line per event, at
 * {@code -Dsiegegrid.log.level} or {@code SIEGEGRID_LOG_LEVEL} (default WARN). Log4j2 is not
 * started: its start-up cost about 0.35 s of CPU and 0.2 s before the first request.
 */
final class RunLogging {
    static final String FORMAT = "%1$tFT%1$tT.%1$tL%1$tz %4$s [%3$s] - %5$s%6$s%n";

    private RunLogging() {
    }

    static void configure() {
        System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        String name = System.getProperty("siegegrid.log.level", System.getenv("SIEGEGRID_LOG_LEVEL"));
        Level level = level(name);
        LogManager.getLogManager().reset();
        Handler stderr = new ConsoleHandler();
        stderr.setFormatter(new SimpleFormatter());
        stderr.setLevel(level);
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        root.addHandler(stderr);
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    /** Log4j's level names as java.util.logging levels; missing or unknown = WARN. */
    static Level level(String name) {
        if (name == null) {
            return Level.WARNING;
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "ALL", "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "INFO" -> Level.INFO;
            case "ERROR", "FATAL" -> Level.SEVERE;
            case "OFF" -> Level.OFF;
            default -> Level.WARNING;
        };
    }
}
