package org.siegegrid.web.cli;

import static org.siegegrid.web.cli.JsonFields.str;

import com.google.gson.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code siegegrid cluster status}: the cluster as the node behind {@code --api} sees it. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "The cluster: members, quorum, sessions.",
        subcommands = ClusterCommand.Status.class)
final class ClusterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: status");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Name, members, quorum and session counts. Exit 1 when the quorum is not present.")
    static final class Status extends AdminCommand {
        @Override
        int execute(ApiClient api) {
            JsonObject c = api.get("/api/v1/cluster").json();
            boolean quorum = JsonFields.bool(c, "quorum.present");
            if (json) {
                printJson(c);
            } else {
                out().print(text(c));
            }
            return quorum ? Main.OK : Main.FAILED;
        }

        static String text(JsonObject c) {
            Table t = new Table();
            t.row("cluster:", str(c, "name"));
            t.row("this node:", str(c, "localNode"));
            t.row("members:", JsonFields.strings(c, "members").size() + " (" + String.join(", ",
                    JsonFields.strings(c, "members")) + ")");
            t.row("quorum:", (JsonFields.bool(c, "quorum.present") ? "present" : "NOT PRESENT") + " (needs "
                    + str(c, "quorum.required") + ")");
            // without a quorum the maps refuse reads: the counts are unknown, not "null"
            t.row("sessions:", str(c, "sessions") == null ? "unknown (no quorum: the cluster's maps cannot be read)"
                    : str(c, "sessions") + " (" + str(c, "running") + " running)");
            return t.render();
        }
    }
}
