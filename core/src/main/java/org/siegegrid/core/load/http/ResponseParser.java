package org.siegegrid.core.load.http;

import io.netty.buffer.ByteBuf;

/**
 * A small, allocation-free HTTP/1.1 response parser over inbound buffers: status line, the
 * headers that frame the body (Content-Length, Transfer-Encoding: chunked, Connection), and the
 * body, counted without copying. HEAD, 1xx, 204 and 304 have no body; without a length the body
 * runs until the server closes. Optionally ({@link #capture}) it also keeps the Location of a
 * redirect and the Set-Cookie values; off, nothing of those is looked at.
 */
final class ResponseParser {
    private static final int STATUS = 0;
    private static final int HEADERS = 1;
    private static final int BODY_FIXED = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILERS = 6;
    private static final int BODY_EOF = 7;
    private static final int DONE = 8;
    private static final int LINE_MAX = 256;
    /** How long a captured header line may grow (a long Location or Set-Cookie). */
    private static final int CAPTURE_LINE_MAX = 8192;

    private byte[] line = new byte[LINE_MAX];
    /** First letters (lower case) of the captured headers, 0 when off: skipHeader checks them after c and t. */
    private int extraL;
    private int extraS;
    private String location;
    private java.util.List<String> setCookies;
    private int lineLen;
    private int state = DONE;
    private boolean head;
    private int status;
    private boolean http11;
    private boolean keepAlive;
    private boolean chunked;
    private long contentLength;
    private long remaining;
    private long bodyBytes;

    /** Keeps a redirect's Location and/or every Set-Cookie of the responses from now on. */
    void capture(boolean redirects, boolean cookies) {
        extraL = redirects ? 'l' : 0;
        extraS = cookies ? 's' : 0;
        if (cookies && setCookies == null) {
            setCookies = new java.util.ArrayList<>(2);
        }
    }

    /** The Location of a 3xx response when capturing redirects, else null. */
    String location() {
        return location;
    }

    /** The Set-Cookie values of the response when capturing cookies (empty when none), else null. */
    java.util.List<String> setCookies() {
        return setCookies;
    }

    /** Prepares for the response to the next request. */
    void begin(boolean headRequest) {
        head = headRequest;
        if (location != null) {
            location = null;
        }
        if (setCookies != null && !setCookies.isEmpty()) {
            setCookies.clear();
        }
        state = STATUS;
        lineLen = 0;
        bodyBytes = 0;
        status = 0;
        resetHeaders();
    }

    private void resetHeaders() {
        chunked = false;
        contentLength = -1;
        keepAlive = true;
    }

    int status() {
        return status;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    boolean keepAlive() {
        return keepAlive && state != BODY_EOF;
    }

    /** The response is framed by the end of the connection: EOF completes it. */
    boolean completesOnEof() {
        return state == BODY_EOF;
    }

    /** Consumes bytes of {@code in}; true once the response is complete (bytes after it stay unread). */
    boolean parse(ByteBuf in) {
        while (in.isReadable()) {
            switch (state) {
                case BODY_FIXED, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(n);
                    bodyBytes += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == BODY_FIXED ? DONE : CHUNK_END;
                    }
                }
                case BODY_EOF -> {
                    bodyBytes += in.readableBytes();
                    in.skipBytes(in.readableBytes());
                }
                case DONE -> {
                    return true;
                }
                default -> {
                    if (state == HEADERS && lineLen == 0 && skipHeader(in)) {
                        continue;
                    }
                    if (!readLine(in)) {
                        return false;
                    }
                    onLine();
                    lineLen = 0;
                }
            }
            if (state == DONE) {
                return true;
            }
        }
        return state == DONE;
    }

    /** Skips, without copying, a whole header line that cannot matter (see {@link #header()}). */
    private boolean skipHeader(ByteBuf in) {
        int from = in.readerIndex();
        byte b = in.getByte(from);
        int first = b | 0x20;
        if (b == '\r' || b == '\n' || first == 'c' || first == 't' || first == extraL || first == extraS) {
            return false;
        }
        int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            return false;
        }
        in.readerIndex(lf + 1);
        return true;
    }

    private boolean readLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int end = lf < 0 ? in.writerIndex() : lf;
        int want = end - in.readerIndex();
        if (lineLen + want > line.length && (extraL | extraS) != 0 && line.length < CAPTURE_LINE_MAX) {
            line = java.util.Arrays.copyOf(line, Math.min(CAPTURE_LINE_MAX, Math.max(lineLen + want, line.length * 2)));
        }
        int n = Math.min(want, line.length - lineLen);
        if (n > 0) {
            in.getBytes(in.readerIndex(), line, lineLen, n);
            lineLen += n;
        }
        if (lf < 0) {
            in.readerIndex(in.writerIndex());
            return false;
        }
        in.readerIndex(lf + 1);
        if (lineLen > 0 && line[lineLen - 1] == '\r') {
            lineLen--;
        }
        return true;
    }

    private void onLine() {
        switch (state) {
            case STATUS -> statusLine();
            case HEADERS -> {
                if (lineLen == 0) {
                    endOfHeaders();
                } else {
                    header();
                }
            }
            case CHUNK_SIZE -> chunkSize();
            case CHUNK_END -> state = CHUNK_SIZE;
            case TRAILERS -> {
                if (lineLen == 0) {
                    state = DONE;
                }
            }
            default -> throw new IllegalStateException("parser state " + state);
        }
    }

    private void statusLine() {
        if (lineLen == 0) {
            return; // tolerate a stray empty line before the status line
        }
        if (lineLen < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/') {
            throw new IllegalStateException("not an HTTP response");
        }
        http11 = line[5] == '1' && line[7] != '0';
        int s = 0;
        for (int i = 9; i < 12; i++) {
            byte b = line[i];
            if (b < '0' || b > '9') {
                throw new IllegalStateException("bad status code");
            }
            s = s * 10 + (b - '0');
        }
        status = s;
        resetHeaders();
        keepAlive = http11;
        state = HEADERS;
    }

    private void header() {
        // only Content-Length, Connection and Transfer-Encoding matter: one look at the first letter
        int first = line[0] | 0x20;
        if (first != 'c' && first != 't') {
            if (first == extraL && status >= 300 && status < 400 && startsWithIgnoreCase("location:")) {
                location = value(9);
            } else if (first == extraS && startsWithIgnoreCase("set-cookie:")) {
                setCookies.add(value(11));
            }
            return;
        }
        if (startsWithIgnoreCase("content-length:")) {
            long v = 0;
            boolean any = false;
            for (int i = 15; i < lineLen; i++) {
                byte b = line[i];
                if (b >= '0' && b <= '9') {
                    v = v * 10 + (b - '0');
                    any = true;
                } else if (b != ' ' && b != '\t') {
                    break;
                }
            }
            contentLength = any ? v : -1;
        } else if (startsWithIgnoreCase("transfer-encoding:")) {
            chunked = containsIgnoreCase(18, "chunked");
        } else if (startsWithIgnoreCase("connection:")) {
            if (containsIgnoreCase(11, "close")) {
                keepAlive = false;
            } else if (containsIgnoreCase(11, "keep-alive")) {
                keepAlive = true;
            }
        }
    }

    private void endOfHeaders() {
        if (status >= 100 && status < 200 && status != 101) {
            state = STATUS; // interim response: the real one follows
            return;
        }
        if (head || status == 204 || status == 304 || status == 101) {
            state = DONE;
        } else if (chunked) {
            state = CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? DONE : BODY_FIXED;
        } else {
            state = BODY_EOF;
        }
    }

    private void chunkSize() {
        long size = 0;
        boolean any = false;
        for (int i = 0; i < lineLen; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                break;
            }
            size = size * 16 + d;
            any = true;
        }
        if (!any) {
            throw new IllegalStateException("bad chunk size");
        }
        if (size == 0) {
            state = TRAILERS;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
    }

    /** The header's value from {@code from} on, without the blanks around it (ISO-8859-1, as sent). */
    private String value(int from) {
        int a = from;
        int b = lineLen;
        while (a < b && (line[a] == ' ' || line[a] == '\t')) {
            a++;
        }
        while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) {
            b--;
        }
        return new String(line, a, b - a, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private boolean startsWithIgnoreCase(String lower) {
        int n = lower.length();
        if (lineLen < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((line[i] | 0x20) != lower.charAt(i) && line[i] != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoreCase(int from, String lower) {
        int n = lower.length();
        outer:
        for (int i = from; i + n <= lineLen; i++) {
            for (int j = 0; j < n; j++) {
                if ((line[i + j] | 0x20) != lower.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
