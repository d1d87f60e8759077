package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Partitions between loopback addresses with iptables, every rule in one chain of the harness's own
 * ({@code SGTEST}, or {@code -Dsiegegrid.it.chain=NAME} for runs side by side), jumped to from INPUT (on
 * {@code lo}) and OUTPUT (on {@code lo}). {@link #close}
 * removes the jumps and the chain; a chain of that name left by an earlier run that died is removed
 * when a Firewall is made. Needs root and the iptables command ({@code .ci/run} installs it).
 */
final class Firewall implements AutoCloseable {
    static final String CHAIN = System.getProperty("siegegrid.it.chain", "SGTEST");

    private boolean hooked;

    Firewall() {
        remove();
    }

    /** Drops every packet between each address of {@code a} and each of {@code b}, both ways. */
    synchronized void partition(Set<String> a, Set<String> b) {
        hook();
        for (String x : a) {
            for (String y : b) {
                must("-A", CHAIN, "-s", x, "-d", y, "-j", "DROP");
                must("-A", CHAIN, "-s", y, "-d", x, "-j", "DROP");
            }
        }
        System.out.println("iptables " + CHAIN + ": " + a + " | " + b + "\n" + rules());
    }

    /** Drops every rule (the chain and its jumps stay until {@link #close}). */
    synchronized void heal() {
        if (hooked) {
            must("-F", CHAIN);
        }
    }

    /** The chain's rules as iptables lists them (empty when there is no chain: iptables then fails). */
    static String rules() {
        Result r = iptables("-S", CHAIN);
        return r.exit() == 0 ? r.out() : "";
    }

    private void hook() {
        if (hooked) {
            return;
        }
        must("-N", CHAIN);
        must("-I", "INPUT", "1", "-i", "lo", "-j", CHAIN);
        must("-I", "OUTPUT", "1", "-o", "lo", "-j", CHAIN);
        hooked = true;
    }

    /** Removes the jumps and the chain, whatever is left of them; never throws. */
    static void remove() {
        for (List<String> jump : List.of(List.of("INPUT", "-i", "lo"), List.of("OUTPUT", "-o", "lo"),
                List.of("INPUT"), List.of("OUTPUT"))) {
            for (int i = 0; i < 10; i++) {
                List<String> args = new ArrayList<>(List.of("-D"));
                args.addAll(jump);
                args.addAll(List.of("-j", CHAIN));
                if (iptables(args.toArray(String[]::new)).exit() != 0) {
                    break;
                }
            }
        }
        iptables("-F", CHAIN);
        iptables("-X", CHAIN);
    }

    @Override
    public synchronized void close() {
        remove();
        hooked = false;
        String left = rules();
        if (!left.isBlank()) {
            System.out.println("iptables " + CHAIN + " still there after removal:\n" + left);
        }
    }

    private record Result(int exit, String out) {
    }

    private static void must(String... args) {
        Result r = iptables(args);
        if (r.exit() != 0) {
            throw new IllegalStateException("iptables " + String.join(" ", args) + " failed (" + r.exit() + "): "
                    + r.out());
        }
    }

    private static Result iptables(String... args) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
