package org.siegegrid.core.grid;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A DNS whose answers a test changes: each name to a list of IP literals; a name with none is unknown. */
final class FakeResolver implements NameResolver {

    private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    FakeResolver(Map<String, List<String>> initial) {
        answers.putAll(initial);
    }

    void set(String name, String... ips) {
        answers.put(name, List.of(ips));
    }

    int lookups(String name) {
        AtomicInteger n = lookups.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public List<InetAddress> resolve(String name) throws UnknownHostException {
        lookups.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        List<String> ips = answers.getOrDefault(name, List.of());
        if (ips.isEmpty()) {
            throw new UnknownHostException(name);
        }
        List<InetAddress> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(InetAddress.getByName(ip));   // literals: no lookup
        }
        return out;
    }
}
