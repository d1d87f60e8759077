package org.siegegrid.web.api;

/**
 * One endpoint's logic, run by {@link Endpoint} on a worker thread after authorization. It throws
 * {@link ApiError} or {@code NodeException} to refuse; anything it writes is the answer.
 */
@FunctionalInterface
interface ApiHandler {
    void handle(Call call) throws Exception;
}
