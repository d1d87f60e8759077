package org.siegegrid.web.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's files from the classpath: the app under {@code /siegegrid-ui/} and uPlot from its WebJar
 * (the version the pom pins, read from the WebJar's pom.properties). Each file is read once and
 * kept; a name outside those roots, or with {@code ..}, is not found.
 */
final class UiAssets {
    static final String APP_ROOT = "siegegrid-ui/";
    static final String UPLOT_PROPS = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    /** The app's pages and modules: revalidated on every load (ETag), so a new jar shows at once. */
    static final String APP_CACHE = "no-cache";
    /** The vendor files change only with the jar's uPlot version. */
    static final String VENDOR_CACHE = "public, max-age=86400";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final ClassLoader loader;
    private final String uplotRoot;
    private final Map<String, UiAsset> cache = new ConcurrentHashMap<>();
    private final UiAsset missing = new UiAsset(new byte[0], "", "", "");

    UiAssets(ClassLoader loader) {
        this.loader = loader;
        this.uplotRoot = "META-INF/resources/webjars/uplot/" + uplotVersion(loader) + "/dist/";
    }

    /**
     * The file for a request path ({@code /}, {@code /ui/app.js}, {@code /ui/vendor/uplot/uPlot.esm.js}),
     * or null.
     */
    UiAsset find(String path) {
        String name = resourceName(path);
        if (name == null) {
            return null;
        }
        UiAsset a = cache.computeIfAbsent(name, n -> load(n, n.startsWith(APP_ROOT) ? APP_CACHE : VENDOR_CACHE));
        return a == missing ? null : a;
    }

    private String resourceName(String path) {
        if (path.equals("/") || path.equals("/ui") || path.equals("/ui/")) {
            return APP_ROOT + "index.html";
        }
        if (!path.startsWith("/ui/") || path.contains("..") || path.contains("//") || path.contains("\\")) {
            return null;
        }
        String rest = path.substring("/ui/".length());
        if (rest.startsWith("vendor/uplot/")) {
            return uplotRoot + rest.substring("vendor/uplot/".length());
        }
        return APP_ROOT + rest;
    }

    private UiAsset load(String name, String cacheControl) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(ext);
        if (type == null) {
            return missing;
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return missing;
            }
            byte[] bytes = in.readAllBytes();
            return new UiAsset(bytes, type, "\"" + sha256(bytes).substring(0, 32) + "\"", cacheControl);
        } catch (IOException e) {
            return missing;
        }
    }

    private static String uplotVersion(ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(UPLOT_PROPS)) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // no uPlot: the charts are missing, the rest of the UI works
        }
        return p.getProperty("version", "missing");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
