package org.siegegrid.core.report;

/** Escaping for text and attribute values in the report's HTML. */
final class Html {
    private Html() {
    }

    /** The text with {@code & < > " '} escaped: safe in element content and in quoted attributes; null reads as empty. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
