package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/** What an operator reads in a node's log: members coming and going, and no false alarm at a session's end. */
@Timeout(60)
class NodeLogTest extends NodeTestBase {
    private final List<String> lines = new ArrayList<>();
    private final AbstractAppender appender = new AbstractAppender("node-log-test", null, null, true,
            Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent e) {
            synchronized (lines) {
                lines.add(e.getLevel() + " " + e.getMessage().getFormattedMessage());
            }
        }
    };

    @BeforeEach
    void capture() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.INFO, null);
        ctx.updateLoggers();
    }

    @AfterEach
    void release() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
        ctx.updateLoggers();
    }

    private List<String> lines(String containing) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(containing)).toList();
        }
    }

    @Test
    void membersJoiningAndLeavingAreLogged() {
        SiegeNode a = startCluster(2, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines("member b joined").isEmpty());
        assertThat(lines("member b joined").get(0)).startsWith("INFO ").contains("; members now 2");
        cluster.terminate("b");
        await().atMost(Duration.ofSeconds(20)).until(() -> !lines("member b left").isEmpty());
        assertThat(lines("member b left").get(0)).contains("; members now 1");
        assertThat(a.grid().liveNodeIds()).containsExactly("a");
    }

    @Test
    void aSessionThatEndsByItsDurationLogsNoPause() {
        SiegeNode a = startCluster(2, 1);
        Session s = a.create(rate(sink.url("/"), 100, Duration.ofSeconds(3), null));
        awaitState(a, s.id(), SessionState.FINISHED, Duration.ofSeconds(20));
        assertThat(lines(s.id() + ": stopping")).as("both runners stopped").hasSize(2);
        assertThat(lines(s.id() + ": paused")).as("no lease was lost: the session ended").isEmpty();
    }
}
