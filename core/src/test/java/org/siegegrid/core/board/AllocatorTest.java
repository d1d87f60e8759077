package org.siegegrid.core.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AllocatorTest {

    private static Allocator.Claim c(String id, double weight, double cap) {
        return new Allocator.Claim(id, weight, cap);
    }

    @Test
    void workedExample_5000rpsOverCaps4000_3000_5000() {
        Allocator.Allocation a = Allocator.allocate(5000,
                List.of(c("a", 4000, 4000), c("b", 3000, 3000), c("c", 5000, 5000)));
        assertThat(a.share("a")).isCloseTo(1666.667, within(0.001));
        assertThat(a.share("b")).isCloseTo(1250.0, within(1e-9));
        assertThat(a.share("c")).isCloseTo(2083.333, within(0.001));
        assertThat(a.rounded()).containsExactly(
                java.util.Map.entry("a", 1667L), java.util.Map.entry("b", 1250L), java.util.Map.entry("c", 2083L));
        assertThat(a.deficit()).isZero();
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // target, weights, caps, expected shares, expected deficit
                Arguments.of("equal weights, no caps", 300.0, new double[]{1, 1, 1}, new double[]{0, 0, 0},
                        new double[]{100, 100, 100}, 0.0),
                Arguments.of("weights 1:2:3", 600.0, new double[]{1, 2, 3}, new double[]{0, 0, 0},
                        new double[]{100, 200, 300}, 0.0),
                Arguments.of("one cap binds, rest poured on the others", 900.0, new double[]{1, 1, 1},
                        new double[]{100, 0, 0}, new double[]{100, 400, 400}, 0.0),
                Arguments.of("cascade of caps", 1000.0, new double[]{1, 1, 1, 1},
                        new double[]{50, 200, 0, 0}, new double[]{50, 200, 375, 375}, 0.0),
                Arguments.of("capacity below target: all at cap, deficit", 1000.0, new double[]{1, 1},
                        new double[]{300, 200}, new double[]{300, 200}, 500.0),
                Arguments.of("cap exactly at the level", 300.0, new double[]{1, 1, 1}, new double[]{100, 0, 0},
                        new double[]{100, 100, 100}, 0.0),
                Arguments.of("zero weight gets nothing", 100.0, new double[]{0, 1}, new double[]{0, 0},
                        new double[]{0, 100}, 0.0),
                Arguments.of("all weights zero: everything is deficit", 100.0, new double[]{0, 0},
                        new double[]{10, 0}, new double[]{0, 0}, 100.0),
                Arguments.of("zero target", 0.0, new double[]{1, 2}, new double[]{0, 0}, new double[]{0, 0}, 0.0),
                Arguments.of("no nodes", 50.0, new double[]{}, new double[]{}, new double[]{}, 50.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void waterFilling(String name, double target, double[] weights, double[] caps, double[] expected, double deficit) {
        List<Allocator.Claim> claims = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            claims.add(c("n" + i, weights[i], caps[i]));
        }
        Allocator.Allocation a = Allocator.allocate(target, claims);
        for (int i = 0; i < expected.length; i++) {
            assertThat(a.share("n" + i)).as("n" + i).isCloseTo(expected[i], within(1e-6));
        }
        assertThat(a.deficit()).isCloseTo(deficit, within(1e-6));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Allocator.allocate(Double.NaN, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Allocator.allocate(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c("a", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c("a", 1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Allocator.allocate(1, List.of(c("a", 1, 0), c("a", 2, 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Allocator.apportion(-1, new TreeMap<>())).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> apportionTable() {
        return Stream.of(
                Arguments.of(10L, new double[]{1, 1, 1}, 0L, new long[]{4, 3, 3}),   // tie → lower id
                Arguments.of(7L, new double[]{1, 2, 4}, 0L, new long[]{1, 2, 4}),
                Arguments.of(1L, new double[]{1, 1}, 0L, new long[]{1, 0}),
                Arguments.of(5L, new double[]{0, 1}, 0L, new long[]{0, 5}),
                Arguments.of(5L, new double[]{0, 0}, 0L, new long[]{0, 0}),
                Arguments.of(4L, new double[]{100, 1, 1}, 1L, new long[]{2, 1, 1}),  // min one each first
                Arguments.of(2L, new double[]{100, 1, 1}, 1L, new long[]{2, 0, 0}),  // not enough for the minimum
                Arguments.of(0L, new double[]{1, 1}, 1L, new long[]{0, 0}));
    }

    @ParameterizedTest
    @MethodSource("apportionTable")
    void largestRemainder(long total, double[] weights, long minEach, long[] expected) {
        SortedMap<String, Double> w = new TreeMap<>();
        for (int i = 0; i < weights.length; i++) {
            w.put("n" + i, weights[i]);
        }
        SortedMap<String, Long> got = Allocator.apportion(total, w, minEach);
        for (int i = 0; i < expected.length; i++) {
            assertThat(got.get("n" + i)).as("n" + i).isEqualTo(expected[i]);
        }
    }

    /** Randomized property test: the invariants hold for many generated inputs. */
    @Test
    void invariantsHoldOnRandomInputs() {
        Random rnd = new Random(20240607);
        int deficits = 0;
        for (int run = 0; run < 20_000; run++) {
            int n = 1 + rnd.nextInt(8);
            List<Allocator.Claim> claims = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double weight = rnd.nextInt(5) == 0 ? 0 : 0.1 + rnd.nextDouble() * 16;
                double cap = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5000);
                claims.add(c(String.format("node-%02d", rnd.nextInt(100) * 10 + i), weight, cap));
            }
            double target = rnd.nextInt(10) == 0 ? 0 : rnd.nextDouble() * 20_000;
            Allocator.Allocation a = Allocator.allocate(target, claims);
            if (a.deficit() > 0) {
                deficits++;
            }
            checkInvariants(target, claims, a);

            List<Allocator.Claim> shuffled = new ArrayList<>(claims);
            Collections.shuffle(shuffled, rnd);
            assertThat(Allocator.allocate(target, shuffled)).as("deterministic whatever the order").isEqualTo(a);

            SortedMap<String, Long> ints = a.rounded();
            assertThat(ints.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(Math.round(a.allocated()));
            for (Allocator.Claim cl : claims) {
                double exact = a.share(cl.nodeId());
                assertThat((double) ints.get(cl.nodeId())).isBetween(Math.floor(exact) - 1e-6, Math.ceil(exact) + 1e-6);
            }
        }
        System.out.printf("allocator property test: 20000 inputs, %d with a deficit%n", deficits);
        assertThat(deficits).isPositive();
    }

    private static void checkInvariants(double target, List<Allocator.Claim> claims, Allocator.Allocation a) {
        double eps = 1e-6 * Math.max(1, target);
        assertThat(a.allocated() + a.deficit()).isCloseTo(target, within(eps));
        double level = -1;
        boolean anyOpen = false;
        for (Allocator.Claim cl : claims) {
            double s = a.share(cl.nodeId());
            assertThat(s).isGreaterThanOrEqualTo(0);
            if (cl.weight() == 0) {
                assertThat(s).isZero();
                continue;
            }
            if (cl.cap() > 0) {
                assertThat(s).isLessThanOrEqualTo(cl.cap() + eps);
            }
            boolean atCap = cl.cap() > 0 && s >= cl.cap() - eps;
            if (!atCap && target > 0) {
                anyOpen = true;
                double l = s / cl.weight();
                if (level < 0) {
                    level = l;
                }
                assertThat(l).as("proportional to weight where no cap binds").isCloseTo(level, within(1e-6 * Math.max(1, level)));
            }
        }
        if (anyOpen) {
            assertThat(a.deficit()).as("an uncapped node absorbs everything").isCloseTo(0, within(eps));
            for (Allocator.Claim cl : claims) {
                if (cl.weight() > 0 && cl.cap() > 0 && a.share(cl.nodeId()) >= cl.cap() - eps) {
                    assertThat(cl.cap()).as("a capped node is below the water level").isLessThanOrEqualTo(level * cl.weight() + eps);
                }
            }
        }
        if (a.deficit() > eps) {
            for (Allocator.Claim cl : claims) {
                if (cl.weight() > 0) {
                    assertThat(a.share(cl.nodeId())).as("deficit: every node at its cap").isCloseTo(cl.cap(), within(eps));
                }
            }
        }
    }
}
