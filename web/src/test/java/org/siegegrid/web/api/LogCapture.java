package org.siegegrid.web.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every Log4j2 event of this JVM while it is open, SiegeGrid's own at DEBUG: the message and any
 * exception's trace, as text. Closing removes it and puts the level back.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {
    private static final String NAME = "capture-" + System.nanoTime();
    private final List<String> lines = new ArrayList<>();
    private final Level was;

    private LogCapture(Level was) {
        super(NAME, null, null, true, Property.EMPTY_ARRAY);
        this.was = was;
    }

    static LogCapture open() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        LogCapture c = new LogCapture(LogManager.getLogger("org.siegegrid").getLevel());
        c.start();
        config.getRootLogger().addAppender(c, Level.ALL, null);
        ctx.updateLoggers();
        Configurator.setLevel("org.siegegrid", Level.DEBUG);
        return c;
    }

    @Override
    public void append(LogEvent e) {
        StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " - "
                + e.getMessage().getFormattedMessage());
        if (e.getThrown() != null) {
            StringWriter w = new StringWriter();
            e.getThrown().printStackTrace(new PrintWriter(w));
            b.append('\n').append(w);
        }
        synchronized (lines) {
            lines.add(b.toString());
        }
    }

    String text() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        root.removeAppender(NAME);
        Configurator.setLevel("org.siegegrid", was);
        ctx.updateLoggers();
        stop();
    }
}
