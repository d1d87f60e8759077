package org.siegegrid.web.cli;

import java.util.Map;

import picocli.CommandLine.Option;

/**
 * {@code --api URL} and {@code --token T} of the admin commands. Unset, they come from the
 * environment ({@code SIEGEGRID_API}, {@code SIEGEGRID_API_TOKEN}), then the local default node.
 */
final class ApiOptions {
    static final String DEFAULT_API = "http://127.0.0.1:8080";
    static final String ENV_API = "SIEGEGRID_API";
    static final String ENV_TOKEN = "SIEGEGRID_API_TOKEN";

    /** The environment the defaults come from; replaceable in tests. */
    static volatile Map<String, String> env = System.getenv();

    @Option(names = "--api", paramLabel = "URL",
            description = "a node's API (default: $" + ENV_API + ", else " + DEFAULT_API + ")")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "bearer token for changes (default: $" + ENV_TOKEN + ")")
    String token;

    ApiClient client() {
        return ApiClient.of(url(api, env), token(token, env));
    }

    /** The API base: the flag, else the environment, else the default. */
    static String url(String flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String e = env.get(ENV_API);
        return e == null || e.isBlank() ? DEFAULT_API : e;
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
