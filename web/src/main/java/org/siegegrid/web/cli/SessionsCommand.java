package org.siegegrid.web.cli;

import com.google.gson.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code siegegrid sessions ...}: the sessions of a cluster through a node's API, one subcommand
 * per endpoint. Tables by default, {@code --json} for the API's own JSON.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Create, list, show, update, stop, report and delete sessions on a cluster.",
        subcommands = {SessionCreateCommand.class, SessionsCommand.ListSessions.class, SessionsCommand.Show.class,
                SessionUpdateCommand.class, SessionsCommand.Stop.class, SessionsCommand.ReportOf.class,
                SessionsCommand.Delete.class})
final class SessionsCommand implements Runnable {
    static final String BASE = "/api/v1/sessions";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: create, list, show, update, stop, report or delete");
    }

    static String path(String id) {
        return AdminCommand.pathOf(BASE, id);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the sessions.")
    static final class ListSessions extends AdminCommand {
        @Override
        int execute(ApiClient api) {
            JsonObject body = api.get(BASE).json();
            if (json) {
                printJson(body);
            } else {
                out().print(SessionView.list(body));
            }
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One session with its live summary and whiteboard.")
    static final class Show extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "session id")
        String id;

        @Override
        int execute(ApiClient api) {
            JsonObject s = api.get(path(id)).json();
            if (json) {
                printJson(s);
            } else {
                out().print(SessionView.show(s));
            }
            return Main.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a session: every node stops sending; it ends FINISHED.")
    static final class Stop extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "session id")
        String id;

        @Override
        int execute(ApiClient api) {
            JsonObject s = api.post(path(id) + "/stop", null).json();
            if (json) {
                printJson(s);
            } else {
                out().println("session " + JsonFields.str(s, "id") + ": " + JsonFields.str(s, "state"));
            }
            return Main.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a session that has ended (FINISHED or FAILED).")
    static final class Delete extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "session id")
        String id;

        @Override
        int execute(ApiClient api) {
            api.delete(path(id));
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("id", id);
                o.addProperty("deleted", true);
                printJson(o);
            } else {
                out().println("session " + id + " deleted");
            }
            return Main.OK;
        }
    }

    /** The report formats the API serves. */
    enum Format { SIEGE, JSON, CSV, HTML }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "The final report of an ended session: siege's summary, JSON, the per-second series as"
                    + " CSV, or an HTML page.")
    static final class ReportOf extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "session id")
        String id;

        @Option(names = "--format", paramLabel = "siege|json|csv|html", defaultValue = "siege",
                description = "siege (default), json, csv or html; --json is the same as --format json")
        Format format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write it to FILE instead of stdout")
        java.nio.file.Path output;

        @Override
        int execute(ApiClient api) {
            Format f = json ? Format.JSON : format;
            String text = f == Format.JSON ? null
                    : api.get(path(id) + "/report?format=" + f.name().toLowerCase(java.util.Locale.ROOT)).body();
            if (output == null) {
                if (text == null) {
                    printJson(api.get(path(id) + "/report").json());
                } else {
                    out().print(text.endsWith("\n") ? text : text + "\n");
                    out().flush();
                }
                return Main.OK;
            }
            String body = text != null ? text : api.get(path(id) + "/report").body();
            try {
                java.nio.file.Files.writeString(output, body);
            } catch (java.io.IOException e) {
                throw new UsageError("-o " + output + ": cannot write: " + e.getMessage());
            }
            out().println("report of " + id + " written to " + output + " (" + body.length() + " bytes, "
                    + f.name().toLowerCase(java.util.Locale.ROOT) + ")");
            out().flush();
            return Main.OK;
        }
    }
}
