package org.siegegrid.core.grid;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.siegegrid.core.session.Problem;

/**
 * The pure part of DNS discovery: which names to look up, and the member addresses their answers
 * give. {@code discovery.dns} is a comma list of {@code name} or {@code name:port} (Swarm:
 * {@code tasks.<service>}; Kubernetes: the headless service). Every address a name resolves to is a
 * member candidate at that port (the cluster port when none is given). Looked up afresh on every
 * join and every split-brain search, so members a scale-up adds are found and the addresses of
 * removed tasks are no longer dialled.
 */
public final class DnsDiscovery {

    /** A name to look up and the Hazelcast port of every address it resolves to. */
    public record Name(String host, int port) {
    }

    /** A member candidate: an IP address (no brackets) and its Hazelcast port. */
    public record Endpoint(String ip, int port) {
        @Override
        public String toString() {
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
        }
    }

    /** The candidates (sorted, no duplicates) and the names that did not resolve ({@code name: why}). */
    public record Resolution(List<Endpoint> endpoints, List<String> failures) {
    }

    private static final Comparator<Endpoint> ORDER =
            Comparator.comparing(Endpoint::ip).thenComparingInt(Endpoint::port);

    private DnsDiscovery() {
    }

    /** Every problem with a {@code discovery.dns} value; empty when usable. */
    public static List<Problem> validate(String spec) {
        List<Problem> p = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String t = part.trim();
            String host = GridSettings.hostOf(t);
            if (t.isEmpty() || host.isEmpty()) {
                p.add(new Problem("discoveryDns", "empty name in '" + spec + "'"));
            } else if (!GridSettings.validHostPort(t)) {
                p.add(new Problem("discoveryDns", "must be name or name:port, port 1..65535: " + t));
            }
        }
        return p;
    }

    /** The names of a valid {@code discovery.dns} value; a name without a port gets {@code defaultPort}. */
    public static List<Name> parse(String spec, int defaultPort) {
        List<Name> names = new ArrayList<>();
        for (String part : spec.split(",")) {
            String t = part.trim();
            String host = GridSettings.hostOf(t);
            int port = defaultPort;
            int close = t.lastIndexOf(']');
            int colon = t.lastIndexOf(':');
            boolean hasPort = t.startsWith("[") ? colon > close : colon >= 0 && colon == t.indexOf(':');
            if (hasPort) {
                port = Integer.parseInt(t.substring(colon + 1));
            }
            names.add(new Name(host, port));
        }
        return List.copyOf(names);
    }

    /** Looks every name up once through {@code resolver}; a name that fails is reported, the others still count. */
    public static Resolution resolve(List<Name> names, NameResolver resolver) {
        TreeSet<Endpoint> found = new TreeSet<>(ORDER);
        List<String> failures = new ArrayList<>();
        for (Name n : names) {
            try {
                for (InetAddress a : resolver.resolve(n.host())) {
                    found.add(new Endpoint(a.getHostAddress(), n.port()));
                }
            } catch (UnknownHostException e) {
                failures.add(n.host() + ": unknown host");
            } catch (RuntimeException e) {
                failures.add(n.host() + ": " + e);
            }
        }
        return new Resolution(List.copyOf(found), List.copyOf(failures));
    }
}
