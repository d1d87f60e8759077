package org.siegegrid.web.ui;

/**
 * One file of the admin UI, held in memory: its bytes, type, a strong ETag (content hash) and the
 * Cache-Control it is served with.
 */
record UiAsset(byte[] bytes, String contentType, String etag, String cacheControl) {
}
