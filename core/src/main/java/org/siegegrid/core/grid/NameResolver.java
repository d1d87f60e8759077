package org.siegegrid.core.grid;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The seam DNS discovery looks names up through: the system resolver in a node, a fake in tests
 * (names resolving to several, changing sets of addresses).
 */
@FunctionalInterface
public interface NameResolver {

    /** Every address the name stands for now; an unknown name throws. */
    List<InetAddress> resolve(String name) throws UnknownHostException;

    /**
     * The JVM's resolver ({@code /etc/hosts}, then DNS). It caches answers for
     * {@code networkaddress.cache.ttl} seconds (30 by default; the image sets 5 through
     * {@code -Dsun.net.inetaddr.ttl}), so a scaled service shows up within that plus one search.
     */
    static NameResolver system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
