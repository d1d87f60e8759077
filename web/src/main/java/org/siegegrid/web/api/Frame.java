package org.siegegrid.web.api;

/**
 * One second of a stream, computed once and sent as is to every subscriber of its topic.
 *
 * @param event the SSE event name ({@code session}, {@code cluster}, {@code unavailable}, {@code gone})
 * @param seq   the topic's frame number, sent as the SSE id (every subscriber sees the same one)
 * @param data  the JSON, one line
 * @param last  whether the topic ends with this frame (the session was deleted): subscribers are closed after it
 */
record Frame(String event, long seq, String data, boolean last) {
}
