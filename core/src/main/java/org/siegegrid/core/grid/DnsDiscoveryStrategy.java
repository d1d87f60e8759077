package org.siegegrid.core.grid;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.config.properties.PropertyTypeConverter;
import com.hazelcast.config.properties.SimplePropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The thin Hazelcast shell of {@link DnsDiscovery}: a Discovery SPI strategy whose
 * {@link #discoverNodes()} looks the names up through a {@link NameResolver} each time Hazelcast
 * asks, which it does on join and on every split-brain search ({@code merge.next.run}). Hazelcast's
 * own DNS-lookup mode (the Kubernetes plugin's {@code service-dns}) also looks up on each call, but
 * only through {@code InetAddress} and with one port; this one has a seam for tests, a port per name
 * and logs each change of the answer.
 */
final class DnsDiscoveryStrategy extends AbstractDiscoveryStrategy {

    /** Our own logger, not Hazelcast's (kept at WARN): a changed answer is worth an INFO line. */
    private static final Logger LOG = LogManager.getLogger(DnsDiscoveryStrategy.class);
    static final PropertyDefinition NAMES = new SimplePropertyDefinition("names", PropertyTypeConverter.STRING);
    static final PropertyDefinition PORT = new SimplePropertyDefinition("port", PropertyTypeConverter.INTEGER);

    private final List<DnsDiscovery.Name> names;
    private final NameResolver resolver;
    private volatile DnsDiscovery.Resolution last;

    DnsDiscoveryStrategy(ILogger logger, Map<String, Comparable> properties, NameResolver resolver) {
        super(logger, properties);
        String spec = getOrNull(NAMES);
        Integer port = getOrDefault(PORT, 5701);
        this.names = DnsDiscovery.parse(Objects.requireNonNull(spec, "names"), port);
        this.resolver = resolver;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
        DnsDiscovery.Resolution r = DnsDiscovery.resolve(names, resolver);
        if (!r.equals(last)) {
            last = r;
            LOG.info("DNS discovery " + names.stream().map(DnsDiscovery.Name::host).toList() + " -> "
                    + r.endpoints() + (r.failures().isEmpty() ? "" : " (" + String.join("; ", r.failures()) + ")"));
        }
        List<DiscoveryNode> nodes = new ArrayList<>();
        for (DnsDiscovery.Endpoint e : r.endpoints()) {
            try {
                nodes.add(new SimpleDiscoveryNode(new Address(e.ip(), e.port())));
            } catch (UnknownHostException ex) {
                LOG.warn("DNS discovery: cannot use " + e + ": " + ex.getMessage());
            }
        }
        return nodes;
    }

    /** Gives Hazelcast a {@link DnsDiscoveryStrategy} over one resolver (programmatic config only). */
    static final class Factory implements DiscoveryStrategyFactory {
        private final NameResolver resolver;

        Factory(NameResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver);
        }

        @Override
        public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
            return DnsDiscoveryStrategy.class;
        }

        @Override
        public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode local, ILogger logger,
                                                      Map<String, Comparable> properties) {
            return new DnsDiscoveryStrategy(logger, properties, resolver);
        }

        @Override
        public Collection<PropertyDefinition> getConfigurationProperties() {
            return List.of(NAMES, PORT);
        }
    }
}
