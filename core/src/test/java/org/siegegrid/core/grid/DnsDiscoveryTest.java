package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The pure part of DNS discovery: parsing {@code discovery.dns} and turning answers into member candidates. */
class DnsDiscoveryTest {

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("tasks.siegegrid", List.of(new DnsDiscovery.Name("tasks.siegegrid", 5701))),
                Arguments.of(" tasks.sg:5801 ", List.of(new DnsDiscovery.Name("tasks.sg", 5801))),
                Arguments.of("a.svc, b.svc:6000", List.of(new DnsDiscovery.Name("a.svc", 5701),
                        new DnsDiscovery.Name("b.svc", 6000))),
                Arguments.of("[fd00::1]:5702", List.of(new DnsDiscovery.Name("fd00::1", 5702))),
                Arguments.of("fd00::1", List.of(new DnsDiscovery.Name("fd00::1", 5701))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void parsesNamesAndPorts(String spec, List<DnsDiscovery.Name> expected) {
        assertThat(DnsDiscovery.validate(spec)).isEmpty();
        assertThat(DnsDiscovery.parse(spec, 5701)).isEqualTo(expected);
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(Arguments.of("tasks.sg:0"), Arguments.of("tasks.sg:70000"), Arguments.of("tasks.sg:x"),
                Arguments.of("a,,b"), Arguments.of("a b"), Arguments.of(":5701"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void reportsBadSpecs(String spec) {
        assertThat(DnsDiscovery.validate(spec)).isNotEmpty().allSatisfy(p -> assertThat(p.field()).isEqualTo("discoveryDns"));
    }

    @Test
    void badSpecsReachTheSettingsProblems() {
        var s = GridSettings.defaults().withNetwork("127.0.0.1", 5701, List.of(), "tasks.sg:0,");
        assertThat(s.validate()).extracting(org.siegegrid.core.session.Problem::field)
                .containsExactly("discoveryDns", "discoveryDns");
    }

    @Test
    void everyAddressOfEveryNameIsACandidateSortedWithoutDuplicates() {
        FakeResolver dns = new FakeResolver(Map.of("tasks.sg", List.of("10.0.1.7", "10.0.1.3", "10.0.1.5"),
                "extra", List.of("10.0.1.3", "fd00::9")));
        var r = DnsDiscovery.resolve(DnsDiscovery.parse("tasks.sg, extra:5801", 5701), dns);
        assertThat(r.failures()).isEmpty();
        assertThat(r.endpoints()).extracting(Object::toString).containsExactly(
                "10.0.1.3:5701", "10.0.1.3:5801", "10.0.1.5:5701", "10.0.1.7:5701", "[fd00:0:0:0:0:0:0:9]:5801");
    }

    @Test
    void theAnswerFollowsTheNameAsItChanges() {
        FakeResolver dns = new FakeResolver(Map.of("tasks.sg", List.of("10.0.1.3")));
        List<DnsDiscovery.Name> names = DnsDiscovery.parse("tasks.sg", 5701);
        assertThat(endpoints(names, dns)).containsExactly("10.0.1.3:5701");
        dns.set("tasks.sg", "10.0.1.3", "10.0.1.4", "10.0.1.5");      // scaled up
        assertThat(endpoints(names, dns)).containsExactly("10.0.1.3:5701", "10.0.1.4:5701", "10.0.1.5:5701");
        dns.set("tasks.sg", "10.0.1.5", "10.0.1.4");                  // scaled down: .3 is gone
        assertThat(endpoints(names, dns)).containsExactly("10.0.1.4:5701", "10.0.1.5:5701");
        assertThat(dns.lookups("tasks.sg")).as("looked up on every call, never cached here").isEqualTo(3);
    }

    @Test
    void aNameThatFailsIsReportedAndTheOthersStillCount() {
        FakeResolver dns = new FakeResolver(Map.of("tasks.sg", List.of("10.0.1.3")));
        var r = DnsDiscovery.resolve(DnsDiscovery.parse("gone.example, tasks.sg", 5701), dns);
        assertThat(r.endpoints()).extracting(Object::toString).containsExactly("10.0.1.3:5701");
        assertThat(r.failures()).containsExactly("gone.example: unknown host");

        dns.set("tasks.sg");                                           // a service with no task yet
        var empty = DnsDiscovery.resolve(DnsDiscovery.parse("tasks.sg", 5701), dns);
        assertThat(empty.endpoints()).isEmpty();
        assertThat(empty.failures()).containsExactly("tasks.sg: unknown host");
    }

    @Test
    void theSystemResolverAnswersLocalhost() throws UnknownHostException {
        assertThat(NameResolver.system().resolve("localhost")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
        assertThat(NameResolver.system().resolve("127.0.0.41")).containsExactly(InetAddress.getByName("127.0.0.41"));
    }

    private static List<String> endpoints(List<DnsDiscovery.Name> names, NameResolver dns) {
        return DnsDiscovery.resolve(names, dns).endpoints().stream().map(Object::toString).toList();
    }
}
