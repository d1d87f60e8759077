package org.siegegrid.core.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Closed model on one loop: virtual users, each with its own connection, looping request →
 * think time (uniform in [0, delay], siege -d) → next; none in benchmark mode (siege -b).
 */
final class ClosedSlice extends Slice {
    private final SplittableRandom random;
    private PreparedRequest[] prepared;
    private LoadPlan plan;
    private long delayNanos;
    private boolean cookies;
    private int userSeq;

    ClosedSlice(NativeRunner runner, IoLoop loop, int index, Ticker ticker, LoadPlan plan, PreparedRequest[] prepared) {
        super(runner, loop, index, ticker, plan.timeout().toNanos());
        this.random = new SplittableRandom(plan.seed() * 31 + index);
        setPlan(plan, prepared);
    }

    private void setPlan(LoadPlan p, PreparedRequest[] reqs) {
        plan = p;
        prepared = reqs;
        timeoutNanos = p.timeout().toNanos();
        delayNanos = p.delay() == null ? 0 : p.delay().toNanos();
        cookies = p.http().cookies();
        http(p.http());
    }

    @Override
    void apply(long now, SlicePart part, boolean starting) {
        if (starting) {
            startSweep();
        }
        int active = 0;
        for (Slot s : slots) {
            if (!s.retired) {
                active++;
            }
        }
        List<Slot> toFire = new ArrayList<>();
        for (; active < part.users(); active++) {
            Slot u = newUser();
            slots.add(u);
            toFire.add(u);
        }
        for (int i = slots.size() - 1; i >= 0 && active > part.users(); i--) {
            Slot s = slots.get(i);
            if (!s.retired) {
                s.retired = true;
                active--;
                if (!s.inFlight) {
                    s.closeConnection();
                    slots.remove(i);
                }
            }
        }
        for (Slot u : toFire) {
            fire(u);
        }
        kick(); // a larger budget wakes parked users
    }

    private Slot newUser() {
        int id = userSeq++;
        Slot u = new Slot(this, new TargetPicker(prepared, plan.order(), plan.seed() + 7919L * id + index, id));
        u.jar = cookies ? new CookieJar() : null; // each user its own: no cookie crosses users
        return u;
    }

    @Override
    void newPlan(long now, LoadPlan p, PreparedRequest[] reqs) {
        setPlan(p, reqs);
        int id = 0;
        for (Slot s : slots) {
            // each user picks up the new targets with its next request
            s.picker = new TargetPicker(prepared, plan.order(), plan.seed() + 7919L * id + index, id);
            if (!cookies) {
                s.jar = null;
            } else if (s.jar == null) {
                s.jar = new CookieJar();
            }
            id++;
        }
        kick();
    }

    @Override
    void pause(long now) {
        // users find the gate closed at their next request and park
    }

    @Override
    void resume(long now) {
        kick();
    }

    @Override
    void kick() {
        if (finishing) {
            return;
        }
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (s.parked && !s.inFlight && !s.retired) {
                s.parked = false;
                fire(s);
            }
        }
    }

    @Override
    void afterCompletion(Slot s, long now) {
        long think = delayNanos == 0 ? 0 : random.nextLong(delayNanos + 1);
        if (think == 0) {
            fire(s, now); // the completion's clock reading serves the next send: one per request
        } else {
            loop.schedule(() -> fire(s), think);
        }
    }

    /** One user's next request, unless paused, stopped, ended or out of budget (then it parks). */
    private void fire(Slot u) {
        fire(u, ticker.nanoTime());
    }

    private void fire(Slot u, long now) {
        if (finishing || u.retired || u.inFlight) {
            return;
        }
        if (runner.pastEnd(now)) {
            finish();
            return;
        }
        if (!beginSend()) {
            u.parked = true;
            return;
        }
        try {
            if (!reserve()) {
                u.parked = true;
                return;
            }
            issue(u, u.picker.next(), now, now);
        } finally {
            endSend();
        }
    }
}
