package org.siegegrid.web.cli;

import static org.siegegrid.web.cli.JsonFields.num;
import static org.siegegrid.web.cli.JsonFields.objects;
import static org.siegegrid.web.cli.JsonFields.str;

import java.util.List;

import com.google.gson.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siegegrid nodes ...}: the nodes of a cluster, their state in the load pool and their caps. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
        description = "List nodes; drain or activate one; cap its rate; make one leave the cluster.",
        subcommands = {NodesCommand.ListNodes.class, NodesCommand.Drain.class, NodesCommand.Activate.class,
                NodesCommand.Cap.class, NodesCommand.Remove.class})
final class NodesCommand implements Runnable {
    static final String BASE = "/api/v1/nodes";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: list, drain, activate, cap or remove");
    }

    static String table(List<JsonObject> nodes) {
        Table t = new Table("ID", "NAME", "STATE", "LIVE", "CAPACITY", "CORES", "API", "ADDRESSES", "VERSION");
        for (JsonObject n : nodes) {
            t.row(str(n, "id"), str(n, "name"), str(n, "state"), JsonFields.bool(n, "live") ? "yes" : "no",
                    capacity(num(n, "capacityRps")), JsonFields.number(num(n, "cores")), str(n, "apiUrl"),
                    String.join(",", JsonFields.strings(n, "addresses")), str(n, "version"));
        }
        return t.size() == 0 ? "no nodes\n" : t.render();
    }

    static String capacity(Double rps) {
        return rps == null ? null : rps == 0 ? "auto" : SessionView.rate(rps);
    }

    /** Prints one NodeView after a change: a table line, or the JSON. */
    abstract static class NodeChange extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "node id")
        String id;

        abstract JsonObject change(ApiClient api);

        @Override
        int execute(ApiClient api) {
            JsonObject n = change(api);
            if (json) {
                printJson(n);
            } else {
                out().print(table(List.of(n)));
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the nodes.")
    static final class ListNodes extends AdminCommand {
        @Override
        int execute(ApiClient api) {
            JsonObject body = api.get(BASE).json();
            if (json) {
                printJson(body);
            } else {
                out().print(table(objects(body, "nodes")));
            }
            return Main.OK;
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "Take a node out of the load pool: its shares go to the others within a round.")
    static final class Drain extends NodeChange {
        @Override
        JsonObject change(ApiClient api) {
            return api.post(AdminCommand.pathOf(BASE, id) + "/drain", null).json();
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Put a drained node back in the load pool.")
    static final class Activate extends NodeChange {
        @Override
        JsonObject change(ApiClient api) {
            return api.post(AdminCommand.pathOf(BASE, id) + "/activate", null).json();
        }
    }

    @Command(name = "cap", mixinStandardHelpOptions = true, description = "Cap a node's rate (0 = auto).")
    static final class Cap extends NodeChange {
        @Parameters(index = "1", paramLabel = "RPS", description = "requests/s; 0 = auto")
        double rps;

        @Override
        JsonObject change(ApiClient api) {
            if (!(rps >= 0) || Double.isInfinite(rps)) {
                throw new UsageError("RPS: must be a number >= 0 (0 = auto): " + rps);
            }
            JsonObject body = new JsonObject();
            body.addProperty("capacityRps", rps == Math.rint(rps) ? (Number) (long) rps : (Number) rps);
            return api.patch(AdminCommand.pathOf(BASE, id), body.toString()).json();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Make a node leave the cluster gracefully; its serve process exits.")
    static final class Remove extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "node id")
        String id;

        @Override
        int execute(ApiClient api) {
            JsonObject r = api.delete(AdminCommand.pathOf(BASE, id)).json();
            if (json) {
                printJson(r);
            } else {
                out().println(JsonFields.bool(r, "leaving") ? "node " + str(r, "id") + " is leaving the cluster"
                        : "node " + str(r, "id") + " was no longer a member: its entry is removed");
            }
            return Main.OK;
        }
    }
}
