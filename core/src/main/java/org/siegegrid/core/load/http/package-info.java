/**
 * The native engine's HTTP/1.1 client on Netty (epoll when available, NIO otherwise): requests
 * encoded once per target and written as buffer duplicates, an allocation-free response parser,
 * keep-alive connections, HTTPS through SslHandler without certificate checks (like wrk).
 * Measured against wrk and java.net.http by {@code ThroughputBench} in the test sources.
 */
package org.siegegrid.core.load.http;
