package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real `serve` processes on 127.0.0.46-48 that know no member address, only a name (--discovery-dns)
 * which /etc/hosts entries made by the test resolve to their addresses: the system resolver, the same
 * discovery code a Swarm task or a Kubernetes pod runs. Scaling up = a line added and a node started;
 * scaling down = a line removed and a node stopped with SIGTERM. The hosts file is restored exactly
 * afterwards, also on failure.
 */
class DnsDiscoveryIT {

    private static final List<String> IPS = List.of("127.0.0.46", "127.0.0.47", "127.0.0.48");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void nodesFindEachOtherThroughAHostsFileNameAsItGrowsAndShrinks() throws Exception {
        assumeTrue(HostsFile.writable(), HostsFile.HOSTS + " is not writable (run as root)");
        String name = "sg-dns-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        String cluster = "dns-" + UUID.randomUUID().toString().substring(0, 8);
        int[] api = Http.freePorts(4);
        int hz = api[3];                     // one cluster port for all three (DNS gives addresses, not ports)
        Path reports = Files.createTempDirectory("siegegrid-dns-");
        List<Fleet.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(new Fleet.Node("d" + (46 + i), IPS.get(i), api[i]));
        }
        try (HostsFile hosts = new HostsFile("siegegrid DnsDiscoveryIT " + name);
             Procs procs = new Procs(Procs.jar(), Procs.logs().resolve("dns-discovery"))) {
            hosts.set(List.of(IPS.get(0) + " " + name, IPS.get(1) + " " + name));
            long t0 = System.nanoTime();
            start(procs, nodes.get(0), name, cluster, reports, hz);
            start(procs, nodes.get(1), name, cluster, reports, hz);
            awaitMembers(nodes.subList(0, 2), Duration.ofSeconds(90));
            long two = System.nanoTime();

            hosts.set(List.of(IPS.get(0) + " " + name, IPS.get(1) + " " + name, IPS.get(2) + " " + name));
            start(procs, nodes.get(2), name, cluster, reports, hz);
            awaitMembers(nodes, Duration.ofSeconds(90));
            long three = System.nanoTime();

            hosts.set(List.of(IPS.get(0) + " " + name, IPS.get(2) + " " + name));
            long leave = System.nanoTime();
            assertThat(Procs.stop(nodes.get(1).proc)).as("ended by its SIGTERM (a graceful leave), not killed").isIn(0, 143);
            awaitMembers(List.of(nodes.get(0), nodes.get(2)), Duration.ofSeconds(30));
            long two2 = System.nanoTime();
            // each split-brain search (every 10 s) looks the name up again: the logs show the answer change
            Fleet.await(Duration.ofSeconds(40)).until(() -> nodes.get(0).proc.output()
                    .contains("-> [" + IPS.get(0) + ":" + hz + ", " + IPS.get(2) + ":" + hz + "]"));
            long relooked = System.nanoTime();
            System.out.printf("dns discovery across processes (%s in /etc/hosts): two nodes one cluster %.1f s after"
                            + " starting; a third joined %.1f s after its start; a SIGTERM leave seen in %.1f s; the"
                            + " shrunk answer looked up %.1f s after the line went%n", name, s(two - t0), s(three - two),
                    s(two2 - leave), s(relooked - leave));
        }
        assertThat(Files.readString(HostsFile.HOSTS)).doesNotContain(name);
    }

    private static void start(Procs procs, Fleet.Node node, String name, String cluster, Path reports, int hz)
            throws Exception {
        List<String> jvm = new ArrayList<>(Fleet.NODE_JVM);
        jvm.add("-Dsun.net.inetaddr.ttl=1");   // as the image (5 s there): the JVM's cache would hide a changed answer
        node.proc = procs.start(node.id, jvm, List.of("serve", "--cluster-name", cluster, "--node-id", node.id,
                "--bind", node.address, "--port", Integer.toString(hz), "--api-port", Integer.toString(node.apiPort),
                "--discovery-dns", name, "--quorum", "majority", "--reports-dir", reports.resolve(node.id).toString()));
    }

    private static void awaitMembers(List<Fleet.Node> group, Duration atMost) {
        Set<String> ids = new java.util.TreeSet<>(group.stream().map(n -> n.id).toList());
        Fleet.await(atMost).until(() -> {
            for (Fleet.Node n : group) {
                if (!n.proc.process().isAlive()) {
                    throw new IllegalStateException(n.id + " exited:\n" + n.proc.output());
                }
            }
            return group.stream().allMatch(n -> new java.util.TreeSet<>(Fleet.members(n)).equals(ids));
        });
    }

    private static double s(long nanos) {
        return nanos / 1e9;
    }
}
