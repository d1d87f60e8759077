package org.siegegrid.core.session;

/**
 * siege's HTTP behaviour for a session, each on by default as in siege 4.0.7 with the siegerc it
 * writes on first start: follow redirects (siege {@code --no-follow} turns it off), a cookie jar per
 * virtual user (siegerc {@code cookies = false}), {@code Accept-Encoding: gzip, deflate} (siegerc
 * {@code accept-encoding}), and the failures bound (siegerc {@code failures}: the runner stops after
 * this many socket failures; null = no bound).
 *
 * @param follow   follow 301/302/303/307/308 with a Location, each hop a transaction of its own
 * @param cookies  closed model: each user keeps the cookies its responses set and sends them back
 * @param gzip     send {@code Accept-Encoding: gzip, deflate} unless the target has its own
 * @param failures stop after this many socket failures (refused, reset, timeout, ...); null = never
 */
public record HttpOptions(boolean follow, boolean cookies, boolean gzip, Integer failures) {
    /** siege's defaults, without a failures bound (a session's default; {@code run} adds siege's 1,024). */
    public static final HttpOptions DEFAULT = new HttpOptions(true, true, true, null);
    /** siege's {@code failures} default. */
    public static final int SIEGE_FAILURES = 1024;
    /** The redirects one request follows at most (siege 4.0.7 has no bound: it follows a loop forever). */
    public static final int MAX_REDIRECTS = 10;
    /** What siege's generated siegerc sends (siege's built-in default is {@code *}). */
    public static final String ACCEPT_ENCODING = "gzip, deflate";

    public HttpOptions withFailures(Integer n) {
        return new HttpOptions(follow, cookies, gzip, n);
    }
}
