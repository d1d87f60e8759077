package org.siegegrid.web.cli;

import static org.siegegrid.web.cli.JsonFields.str;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.session.Redaction;
import org.siegegrid.core.session.SpecJson;

/**
 * {@code run --api}'s session, created through the first node that takes it and never twice. The
 * ids of the sessions that exist are read first. A create is sent to the next node only when it
 * certainly did not reach one (connection refused); after any other failure the session is looked
 * up first, as a session that was not there before and has the spec sent:
 * <ul>
 * <li>the node answered (a 5xx such as 503 "no quorum"): it is done with the request, one look-up
 * tells;</li>
 * <li>the connection broke before an answer (the node died): looked up now and again after
 * {@link #SETTLE}, the time a write it had sent to the cluster may take to land or fail;</li>
 * <li>no answer within the request timeout: the node may be alive and still create it later, so
 * if the look-ups do not find it the run stops with an error rather than risk two sessions.</li>
 * </ul>
 */
final class RemoteCreate {
    /** Above the cluster's 2 s call timeout: a write the failed node had sent has landed or failed by then. */
    static final Duration SETTLE = Duration.ofSeconds(3);

    private final ApiClient api;
    private final PrintWriter err;
    private final Ticker ticker;

    RemoteCreate(ApiClient api, PrintWriter err, Ticker ticker) {
        this.api = api;
        this.err = err;
        this.ticker = ticker;
    }

    /** Creates the session of {@code specJson}; returns the node's SessionView of it. */
    JsonObject create(String specJson) throws InterruptedException {
        Set<String> before = ids(api.get(SessionsCommand.BASE).json());
        JsonElement sent = canonical(specJson);
        for (int attempt = 1; ; attempt++) {
            String via = api.base();
            try {
                return api.sendOne("POST", SessionsCommand.BASE, specJson).json();
            } catch (ApiException e) {
                if (!e.nodeTrouble()) {
                    throw e;
                }
                JsonObject found = e.reach() == ApiException.Reach.UNSENT ? null : lookUp(before, sent, e.reach());
                if (found != null) {
                    err.println("api: session " + str(found, "id") + " was created through " + via + " before it failed ("
                            + e.getMessage() + "); following it through " + api.base());
                    err.flush();
                    return found;
                }
                if (e.reach() == ApiException.Reach.TIMED_OUT) {
                    throw new ApiException(0, null, "the create through " + via + " got no answer within "
                            + ApiClient.seconds(api.requestTimeout()) + " and that node may still start the session, so it"
                            + " is not sent to another node (it could run twice); see 'siegegrid sessions list --api "
                            + api.base() + "'");
                }
                if (attempt >= api.size()) {
                    throw api.noNodeAnswered();
                }
            }
        }
    }

    /** The session created by the failed call, or null: not one of {@code before}, with the spec sent. */
    private JsonObject lookUp(Set<String> before, JsonElement sent, ApiException.Reach reach) throws InterruptedException {
        JsonObject found = find(before, sent);
        if (found == null && reach != ApiException.Reach.ANSWERED) {
            ticker.sleepNanos(SETTLE.toNanos());
            found = find(before, sent);
        }
        return found;
    }

    private JsonObject find(Set<String> before, JsonElement sent) {
        JsonObject match = null;
        for (JsonObject s : sessions(api.get(SessionsCommand.BASE).json())) {
            if (!before.contains(str(s, "id")) && sameSpec(sent, s.get("spec"))) {
                match = s; // the newest (the list is oldest first)
            }
        }
        return match;
    }

    private static List<JsonObject> sessions(JsonObject list) {
        return JsonFields.objects(list, "sessions");
    }

    static Set<String> ids(JsonObject list) {
        Set<String> ids = new HashSet<>();
        for (JsonObject s : sessions(list)) {
            ids.add(str(s, "id"));
        }
        return ids;
    }

    /**
     * Whether a listed spec is the one sent: equal, where a header value the node shows as
     * {@code <redacted>} (to a caller without the token, or to anyone when the cluster has none)
     * stands for any value of that header.
     */
    static boolean sameSpec(JsonElement sent, JsonElement shown) {
        if (sent == null || shown == null || !sent.isJsonObject() || !shown.isJsonObject()) {
            return Objects.equals(sent, shown);
        }
        JsonObject masked = sent.getAsJsonObject().deepCopy();
        JsonElement mine = masked.get("targets");
        JsonElement theirs = shown.getAsJsonObject().get("targets");
        if (mine != null && theirs != null && mine.isJsonArray() && theirs.isJsonArray()
                && mine.getAsJsonArray().size() == theirs.getAsJsonArray().size()) {
            JsonArray a = mine.getAsJsonArray();
            JsonArray b = theirs.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                JsonObject h = headers(a.get(i));
                JsonObject shownHeaders = headers(b.get(i));
                if (h == null || shownHeaders == null) {
                    continue;
                }
                for (Map.Entry<String, JsonElement> e : shownHeaders.entrySet()) {
                    if (h.has(e.getKey()) && e.getValue().isJsonPrimitive()
                            && Redaction.MARKER.equals(e.getValue().getAsString())) {
                        h.addProperty(e.getKey(), Redaction.MARKER);
                    }
                }
            }
        }
        return masked.equals(shown);
    }

    private static JsonObject headers(JsonElement target) {
        if (target == null || !target.isJsonObject()) {
            return null;
        }
        JsonElement h = target.getAsJsonObject().get("headers");
        return h != null && h.isJsonObject() ? h.getAsJsonObject() : null;
    }

    /** The spec as a node shows it (its parsed form written back), to compare with the listed ones. */
    static JsonElement canonical(String specJson) {
        SpecJson.Parsed p = SpecJson.parse(specJson);
        return p.ok() ? SpecJson.toJsonObject(p.spec()) : JsonParser.parseString(specJson);
    }
}
