package org.siegegrid.web.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code siegegrid} command line. Exit codes: 0 success, 1 a threshold failed or every
 * request failed, 2 bad usage or bad input (one line naming the problem), 3 internal error.
 */
@Command(name = "siegegrid", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Cluster-based, distributed HTTP load generator with siege's flags.")
public final class Main implements Runnable {
    /**
     * The commands, in help order; added in {@link #commandLine} (see there why not in the
     * annotation). A method, not a constant: a class literal that runs loads its class.
     */
    private static List<Class<?>> commands() {
        return List.of(RunCommand.class, ServeCommand.class, TargetCommand.class, SessionsCommand.class,
                NodesCommand.class, ClusterCommand.class, CommandLine.HelpCommand.class);
    }

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: try 'siegegrid run URL' or 'siegegrid --help'");
    }

    public static void main(String[] args) {
        if (args.length > 0 && "run".equals(args[0])) {
            RunLogging.configure();
        } else {
            prepareLogging();
            // configure Log4j2 now (~0.4 s) rather than on the first log call
            org.apache.logging.log4j.LogManager.getLogger(Main.class);
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.err.flush();
        SignalStop.exit(code);
    }

    /** Runs one command line in-process with these streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean runOnly = args.length > 0 && "run".equals(args[0]);
        return commandLine(out, err, runOnly).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, false);
    }

    /**
     * The command line; {@code runOnly} builds only {@code run}: picocli loads every command's
     * classes (the node, the API server, ...) to build its model, about 0.1 s of start-up that a
     * {@code run} does not need.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, boolean runOnly) {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : runOnly ? List.<Class<?>>of(RunCommand.class) : commands()) {
            cl.addSubcommand(c);
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("siegegrid: " + oneLine(ex.getMessage()));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof ApiException api) {
                cmd.getErr().println("siegegrid: " + oneLine(api.getMessage()));
                return api.exitCode();
            }
            if (ex instanceof UsageError) {
                cmd.getErr().println("siegegrid: " + oneLine(ex.getMessage()));
                return USAGE;
            }
            cmd.getErr().println("siegegrid: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return INTERNAL;
        });
        return cl;
    }

    static String oneLine(String message) {
        return message == null ? "error" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Before the first logger exists: route JUL and Hazelcast through Log4j2 ({@code run}: see {@link RunLogging}). */
    static void prepareLogging() {
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        System.setProperty("hazelcast.logging.type", "log4j2");
        System.setProperty("hazelcast.phone.home.enabled", "false");
    }

    /** The version from the jar's Maven metadata. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream(
                    "/META-INF/maven/org.siegegrid/siegegrid-web/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // no metadata outside a built jar
            }
            return new String[] {"siegegrid " + p.getProperty("version", "dev")};
        }
    }
}
