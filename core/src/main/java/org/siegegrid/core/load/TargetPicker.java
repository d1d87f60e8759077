package org.siegegrid.core.load;

import java.util.SplittableRandom;

import org.siegegrid.core.session.Order;

/** Walks the prepared targets in order (siege's default) or at random (siege -i). One per sender; not thread-safe. */
final class TargetPicker {
    private final PreparedRequest[] requests;
    private final boolean random;
    private final SplittableRandom rnd;
    private int next;

    TargetPicker(PreparedRequest[] requests, Order order, long seed, int startAt) {
        this.requests = requests;
        this.random = order == Order.RANDOM;
        this.rnd = new SplittableRandom(seed);
        this.next = Math.floorMod(startAt, requests.length);
    }

    PreparedRequest next() {
        if (requests.length == 1) {
            return requests[0];
        }
        if (random) {
            return requests[rnd.nextInt(requests.length)];
        }
        PreparedRequest r = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return r;
    }
}
