package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.Config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.siegegrid.core.session.Problem;

/** How a bind address becomes Hazelcast's network config: exact address, no interface matching. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GridNetworkConfigTest {

    private static Config config(String bind) {
        return GridConfigFactory.build(GridSettings.defaults().withNetwork(bind, 5701, List.of(), null));
    }

    @ParameterizedTest(name = "bind {0}")
    @CsvSource({"127.0.0.1,127.0.0.1,true", "127.0.0.2,127.0.0.2,true", "127.1.2.3,127.1.2.3,true",
            "::1,0:0:0:0:0:0:0:1,false", "[::1],0:0:0:0:0:0:0:1,false"})
    void aSpecificAddressIsBoundExactlyAndOnlyThere(String bind, String local, boolean ipv4) {
        Config c = config(bind);
        assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
        assertThat(c.getProperty(GridConfigFactory.LOCAL_ADDRESS)).isEqualTo(local);
        assertThat(c.getProperty(GridConfigFactory.BIND_ANY)).isEqualTo("false");
        assertThat(c.getProperty(GridConfigFactory.PREFER_IPV4)).isEqualTo(ipv4 ? null : "false");
    }

    @Test
    void localhostIsResolvedToItsAddress() throws Exception {
        Config c = config("localhost");
        assertThat(c.getProperty(GridConfigFactory.LOCAL_ADDRESS))
                .isEqualTo(InetAddress.getByName("localhost").getHostAddress());
    }

    @Test
    void theWildcardBindsEveryInterfaceAndMatchesNone() {
        Config c = config("0.0.0.0");
        assertThat(c.getProperty(GridConfigFactory.LOCAL_ADDRESS)).isNull();
        assertThat(c.getProperty(GridConfigFactory.BIND_ANY)).isNull();
        assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
        assertThat(config("::").getProperty(GridConfigFactory.PREFER_IPV4)).isEqualTo("false");
    }

    @Test
    void anInterfacePatternStillMatchesInterfaces() {
        Config c = config("10.0.1.*");
        assertThat(c.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.1.*");
        assertThat(c.getProperty(GridConfigFactory.LOCAL_ADDRESS)).isNull();
    }

    @Test
    void thePublicAddressIsWhatOthersDial() {
        Config c = GridConfigFactory.build(GridSettings.defaults().withNetwork("0.0.0.0", 5701, List.of(), null)
                .withPublicAddress("10.0.0.5:5801"));
        assertThat(c.getNetworkConfig().getPublicAddress()).isEqualTo("10.0.0.5:5801");
        assertThat(GridConfigFactory.build(GridSettings.defaults().withPublicAddress(" ")).getNetworkConfig()
                .getPublicAddress()).isNull();
    }

    @Test
    void portAutoIncrementStopsAt65535() {
        Config c = GridConfigFactory.build(GridSettings.defaults().withNetwork("127.0.0.1", 65530, List.of(), null));
        assertThat(c.getNetworkConfig().getPortCount()).isEqualTo(6);
        assertThat(config("127.0.0.1").getNetworkConfig().getPortCount()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"10.0.0.5,true,10.0.0.5", "10.0.0.5:5801,true,10.0.0.5", "host.example:1,true,host.example",
            "[::1]:5701,true,::1", "[fe80::1],true,fe80::1", "::1,true,::1", "10.0.0.5:0,false,", "10.0.0.5:70000,false,",
            "10.0.0.5:x,false,", "[::1]x,false,", "a b,false,", ":5701,false,"})
    void publicAddressesAreHostAndOptionalPort(String address, boolean valid, String host) {
        List<Problem> problems = GridSettings.defaults().withPublicAddress(address).validate();
        assertThat(problems).extracting(Problem::field).containsExactlyElementsOf(valid ? List.of() : List.of("publicAddress"));
        if (valid) {
            assertThat(GridSettings.hostOf(address)).isEqualTo(host);
        }
    }
}
