package org.siegegrid.web.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.SessionState;

/**
 * GET /metrics: Micrometer's Prometheus registry. The cluster, session and node values are read
 * from the node lazily, once per scrape ({@link MetricsSnapshot}); meters for sessions and nodes
 * come and go with them. JVM memory, GC, thread and processor metrics are bound once.
 */
final class ApiMetrics implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LogManager.getLogger(ApiMetrics.class);

    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("siegegrid.cluster.members", "members this node sees, itself included"),
            Map.entry("siegegrid.cluster.quorum.required", "minimum cluster size for sending load"),
            Map.entry("siegegrid.cluster.quorum.present", "1 when the quorum is present"),
            Map.entry("siegegrid.cluster.untrusted.members", "members that did not prove the cluster secret"),
            Map.entry("siegegrid.sessions", "sessions by state"),
            Map.entry("siegegrid.session.requests", "requests issued, all nodes"),
            Map.entry("siegegrid.session.responses", "HTTP responses received, all nodes"),
            Map.entry("siegegrid.session.dropped", "requests skipped because a node was too far behind"),
            Map.entry("siegegrid.session.failures", "failed requests by kind, all nodes"),
            Map.entry("siegegrid.session.target.rps", "current target rate (0 when not running or in the closed model)"),
            Map.entry("siegegrid.session.achieved.rps", "rate the nodes achieved in their last interval"),
            Map.entry("siegegrid.session.running", "1 while RUNNING"),
            Map.entry("siegegrid.session.version", "spec version"),
            Map.entry("siegegrid.session.latency", "latency percentiles of the merged histograms"),
            Map.entry("siegegrid.session.latency.max", "longest latency of the merged histograms"),
            Map.entry("siegegrid.node.share.rps", "a node's share of a session's rate"),
            Map.entry("siegegrid.node.share.users", "a node's share of a session's users"),
            Map.entry("siegegrid.node.achieved.rps", "a node's achieved rate for a session"),
            Map.entry("siegegrid.node.cap.rps", "a node's configured cap (0 = auto)"),
            Map.entry("siegegrid.node.drained", "1 when the node is drained"),
            Map.entry("siegegrid.node.live", "1 when the node is a member now"));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<SiegeNode> node;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, List<Meter>> dynamic = new HashMap<>();
    private volatile MetricsSnapshot snapshot = MetricsSnapshot.EMPTY;
    /** Meters registered by the running {@link #sync()} step, so they can be removed together. */
    private List<Meter> current;

    ApiMetrics(Supplier<SiegeNode> node) {
        this.node = node;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gauge("siegegrid.cluster.members", Tags.empty(), s -> s.cluster() == null ? 0 : s.cluster().members().size());
        gauge("siegegrid.cluster.quorum.required", Tags.empty(), s -> s.cluster() == null ? 0 : s.cluster().quorumRequired());
        gauge("siegegrid.cluster.quorum.present", Tags.empty(), s -> s.cluster() != null && s.cluster().quorumPresent() ? 1 : 0);
        gauge("siegegrid.cluster.untrusted.members", Tags.empty(), s -> s.cluster() == null ? 0 : s.cluster().untrusted().size());
        for (SessionState st : SessionState.values()) {
            gauge("siegegrid.sessions", Tags.of("state", st.name()), s -> s.count(st));
        }
    }

    /** Reads the node once, brings the meters in line with its sessions and nodes, and writes them all. */
    synchronized String scrape() {
        SiegeNode n = node.get();
        try {
            snapshot = n == null ? MetricsSnapshot.EMPTY : MetricsSnapshot.read(n);
        } catch (RuntimeException e) {
            LOG.warn("metrics: cannot read the cluster: {}", e.toString());
            snapshot = MetricsSnapshot.EMPTY;
        }
        sync();
        return registry.scrape();
    }

    private void sync() {
        Map<String, Runnable> wanted = new LinkedHashMap<>();
        MetricsSnapshot s = snapshot;
        for (String id : s.sessions().keySet()) {
            wanted.put("s/" + id, () -> SessionMeters.register(this, id, s.sessions().get(id).session()));
            for (String nodeId : s.sessions().get(id).session().board().entries().keySet()) {
                wanted.put("sn/" + id + "/" + nodeId, () -> SessionMeters.registerShare(this, id, nodeId));
            }
        }
        for (String id : s.nodes().keySet()) {
            wanted.put("n/" + id, () -> SessionMeters.registerNode(this, id));
        }
        for (var it = dynamic.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().forEach(registry::remove);
                it.remove();
            }
        }
        for (var e : wanted.entrySet()) {
            if (!dynamic.containsKey(e.getKey())) {
                current = new ArrayList<>();
                e.getValue().run();
                dynamic.put(e.getKey(), current);
                current = null;
            }
        }
    }

    void gauge(String name, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Meter m = Gauge.builder(name, this, self -> value.applyAsDouble(self.snapshot)).description(HELP.get(name))
                .tags(tags).register(registry);
        track(m);
    }

    void gauge(String name, String baseUnit, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Meter m = Gauge.builder(name, this, self -> value.applyAsDouble(self.snapshot)).description(HELP.get(name))
                .baseUnit(baseUnit).tags(tags)
                .register(registry);
        track(m);
    }

    void counter(String name, Tags tags, ToDoubleFunction<MetricsSnapshot> value) {
        Meter m = FunctionCounter.builder(name, this, self -> value.applyAsDouble(self.snapshot))
                .description(HELP.get(name)).tags(tags)
                .register(registry);
        track(m);
    }

    private void track(Meter m) {
        if (current != null) {
            current.add(m);
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
