package org.siegegrid.web.ui;

import java.nio.ByteBuffer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ETagUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * GET / and GET /ui/*: the admin UI, a static single-page app from the jar. Every answer carries a
 * Content-Security-Policy that allows only 'self' (no inline scripts or styles, no other origin),
 * an ETag (304 on a match) and its Cache-Control. Open whatever {@code api.auth} says: the files hold
 * no data, the API calls they make carry the token. Paths it does not hold go to {@code notFound}.
 */
public final class UiHandler implements HttpHandler {
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final UiAssets assets = new UiAssets(UiHandler.class.getClassLoader());
    private final HttpHandler notFound;

    public UiHandler(HttpHandler notFound) {
        this.notFound = notFound;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        UiAsset a = assets.find(ex.getRequestPath());
        if (a == null) {
            notFound.handleRequest(ex);
            return;
        }
        var h = ex.getResponseHeaders();
        h.put(Headers.CONTENT_TYPE, a.contentType());
        h.put(Headers.CACHE_CONTROL, a.cacheControl());
        h.put(Headers.ETAG, a.etag());
        h.put(new HttpString("Content-Security-Policy"), CSP);
        h.put(new HttpString("X-Content-Type-Options"), "nosniff");
        h.put(new HttpString("Referrer-Policy"), "no-referrer");
        h.put(new HttpString("X-Frame-Options"), "DENY");
        if (!ETagUtils.handleIfNoneMatch(ex, new io.undertow.util.ETag(false, a.etag().replace("\"", "")), false)) {
            ex.setStatusCode(304);
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, a.bytes().length);
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(a.bytes()));
    }
}
