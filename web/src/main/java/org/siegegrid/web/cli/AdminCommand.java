package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every admin command ({@code sessions}, {@code nodes}, {@code cluster}) shares: the API
 * options, {@code --json} (print the node's raw JSON, for scripts) and the output stream. A failed
 * call surfaces as {@link ApiException}, which {@link Main} turns into one line and an exit code.
 */
abstract class AdminCommand implements Callable<Integer> {
    static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions apiOptions;

    @Option(names = "--json", description = "print the API's raw JSON (for scripts) instead of the text view")
    boolean json;

    /** The command's work; returns the exit code. */
    abstract int execute(ApiClient api);

    @Override
    public final Integer call() {
        try {
            return execute(apiOptions.client(err()));
        } finally {
            out().flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Pretty JSON on stdout. */
    void printJson(JsonElement e) {
        out().println(PRETTY.toJson(e));
        out().flush();
    }

    static String pathOf(String first, String id) {
        return first + "/" + ApiClient.segment(id);
    }
}
