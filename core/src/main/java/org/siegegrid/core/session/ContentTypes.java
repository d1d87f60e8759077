package org.siegegrid.core.session;

import java.util.Locale;
import java.util.Map;

/**
 * Content types of body files by extension, from siege's {@code load.c} table (the text-ish part of
 * it). {@code text} is siege's "ascii" flag: such files are trimmed. Unknown extensions get siege's
 * default, form-urlencoded, as text.
 */
final class ContentTypes {
    record Type(String mime, boolean text) {
    }

    private static final Type DEFAULT = new Type(UrlFileParser.FORM_CONTENT_TYPE, true);

    private static final Map<String, Type> BY_EXTENSION = Map.ofEntries(
            Map.entry("json", new Type("application/json", false)),
            Map.entry("xml", new Type("text/xml", true)),
            Map.entry("txt", new Type("text/plain", true)),
            Map.entry("asc", new Type("text/plain", true)),
            Map.entry("csv", new Type("text/csv", true)),
            Map.entry("tsv", new Type("text/tab-separated-values", true)),
            Map.entry("htm", new Type("text/html", true)),
            Map.entry("html", new Type("text/html", true)),
            Map.entry("css", new Type("text/css", true)),
            Map.entry("md", new Type("text/x-markdown", true)),
            Map.entry("svg", new Type("image/svg+xml", true)),
            Map.entry("yml", new Type("application/x-yaml", true)),
            Map.entry("js", new Type("application/x-javascript", false)));

    private ContentTypes() {
    }

    static Type of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot < fileName.lastIndexOf('/')) {
            return DEFAULT;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
    }
}
