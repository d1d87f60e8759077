package org.siegegrid.core.load;

import java.util.SplittableRandom;

import org.siegegrid.core.session.Order;

/** Walks the prepared targets in order (siege's default) or at random (siege -i). One per sender; not thread-safe. */
final class TargetPicker {
    private final PreparedRequest[] requests;
    private final boolean random;
    private final SplittableRandom rnd;
    private int next;
    private final int stride;

    TargetPicker(PreparedRequest[] requests, Order order, long seed, int startAt) {
        this(requests, order, seed, startAt, 1);
    }

    /**
     * Takes every {@code stride}-th target from {@code startAt} on: {@code stride} senders whose requests
     * interleave (the open model's slices, phased) then walk the list in turn together, as siege does,
     * instead of each walking it on its own (which sent each URL twice in a row with two slices).
     */
    TargetPicker(PreparedRequest[] requests, Order order, long seed, int startAt, int stride) {
        this.requests = requests;
        this.random = order == Order.RANDOM;
        this.rnd = new SplittableRandom(seed);
        this.next = Math.floorMod(startAt, requests.length);
        this.stride = Math.floorMod(Math.max(1, stride), requests.length);
    }

    PreparedRequest next() {
        if (requests.length == 1) {
            return requests[0];
        }
        if (random) {
            return requests[rnd.nextInt(requests.length)];
        }
        PreparedRequest r = requests[next];
        next += stride;
        if (next >= requests.length) {
            next -= requests.length;
        }
        return r;
    }
}
