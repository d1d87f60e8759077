package org.siegegrid.core.session;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Basic auth as siege users give it: {@code http://user:pass@host/} in a URL, or a login
 * ({@code user:pass}, siegerc {@code login = user:pass}; {@code run --login}). Both become an
 * {@code Authorization: Basic ...} header of the target, sent from the first request, so the
 * credential is redacted like any other Authorization header, and the URL no longer holds it.
 * (siege 4.0.7 sends its login only after a 401 challenge, and ignores credentials in URLs.) Pure.
 */
public final class BasicAuth {
    private BasicAuth() {
    }

    /** {@code Basic base64(login)}. */
    public static String header(String login) {
        return "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }

    /** The target without credentials in its URL, and those as its Authorization (unless it has one). */
    public static Target lift(Target t) {
        String info = userInfo(t.url());
        if (info == null) {
            return t;
        }
        Map<String, String> h = new LinkedHashMap<>(t.headers());
        if (h.keySet().stream().noneMatch("authorization"::equalsIgnoreCase)) {
            h.put("Authorization", header(URLDecoder.decode(info.replace("+", "%2B"), StandardCharsets.UTF_8)));
        }
        return new Target(withoutUserInfo(t.url()), t.method(), h, t.body());
    }

    /** The target with {@code Authorization: Basic login} unless it has an Authorization already. */
    public static Target withLogin(Target t, String login) {
        if (login == null || t.headers().keySet().stream().anyMatch("authorization"::equalsIgnoreCase)) {
            return t;
        }
        Map<String, String> h = new LinkedHashMap<>(t.headers());
        h.put("Authorization", header(login));
        return new Target(t.url(), t.method(), h, t.body());
    }

    /** The raw user info of an http(s) URL ("user:pass"), or null. */
    static String userInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? null : url.substring(start, at);
    }

    /** The URL without its user info. */
    public static String withoutUserInfo(String url) {
        String info = userInfo(url);
        if (info == null) {
            return url;
        }
        int start = url.indexOf("://") + 3;
        return url.substring(0, start) + url.substring(start + info.length() + 1);
    }

    /** The URL with the password of its user info replaced by {@link Redaction#MARKER}. */
    static String redactUrl(String url) {
        String info = userInfo(url);
        if (info == null) {
            return url;
        }
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        int start = url.indexOf("://") + 3;
        return url.substring(0, start) + user + ":" + Redaction.MARKER + url.substring(start + info.length());
    }
}
