package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --api URL[,URL...]}, {@code --token T} and {@code --cacert FILE} of the admin commands.
 * Unset, they come from the environment ({@code SIEGEGRID_API}, also a comma list;
 * {@code SIEGEGRID_API_TOKEN}; {@code SIEGEGRID_CACERT}), then the local default node. With several nodes a call that one cannot serve goes to the next.
 */
final class ApiOptions {
    static final String DEFAULT_API = "http://127.0.0.1:8080";
    static final String ENV_API = "SIEGEGRID_API";
    static final String ENV_TOKEN = "SIEGEGRID_API_TOKEN";

    /** The environment the defaults come from; replaceable in tests. */
    static volatile Map<String, String> env = System.getenv();

    @Option(names = "--api", paramLabel = "URL[,URL...]",
            description = "a node's API; several (comma-separated or repeated): the next one when a node does not"
                    + " answer (default: $" + ENV_API + ", else " + DEFAULT_API + ")")
    List<String> api;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "bearer token for changes (default: $" + ENV_TOKEN + ")")
    String token;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM certificate(s) to trust for HTTPS nodes, besides the JDK's trust store (default: $"
                    + ClientTls.ENV_CACERT + ")")
    String cacert;

    /** The client; a line on {@code err} when a node did not answer and the next one did. */
    ApiClient client(PrintWriter err) {
        return ApiClient.of(urls(api, env), token(token, env), ClientTls.context(ClientTls.cacert(cacert, env))).onSwitch((failed, to) -> {
            err.println("api: " + failed + ", using " + to);
            err.flush();
        });
    }

    /** The API bases, as given (see {@link ApiUrls}): the flag, else the environment, else the default. */
    static List<String> urls(List<String> flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String e = env.get(ENV_API);
        return List.of(e == null || e.isBlank() ? DEFAULT_API : e);
    }

    /** The token: the flag, else the environment, else none (null). */
    static String token(String flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String e = env.get(ENV_TOKEN);
        return e == null || e.isBlank() ? null : e;
    }
}
