package dev.salvo.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.route.TestModeOverride.SiteGrouping;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestModeOverrideTest {
    private static Map<String, String> rules() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("*", "127.0.0.1:2525");
        m.put("*.example.test", "127.0.0.1:2526");
        m.put("*.deep.example.test", "127.0.0.1:2527");
        m.put("vip.example.test", "[::1]:2528");
        return m;
    }

    @Test
    void theMostSpecificPatternWins() throws Exception {
        TestModeOverride t = new TestModeOverride(rules());

        assertThat(t.resolve("anything.org").hosts().get(0).port()).isEqualTo(2525);
        assertThat(t.resolve("a.example.test").hosts().get(0).port()).isEqualTo(2526);
        assertThat(t.resolve("x.deep.example.test").hosts().get(0).port()).isEqualTo(2527);
        MxHost vip = t.resolve("VIP.example.test.").hosts().get(0);
        assertThat(vip).isEqualTo(new MxHost("mx.vip.example.test", 0, 2528, List.of(InetAddress.getByName("::1"))));
        // "*.example.test" is strictly below example.test: the apex falls to "*".
        assertThat(t.resolve("example.test").hosts().get(0).port()).isEqualTo(2525);
    }

    @Test
    void noMatchIsNull() {
        TestModeOverride t = new TestModeOverride(Map.of("*.example.test", "127.0.0.1:2525", "exact.test", "127.0.0.1:2526"));

        assertThat(t.resolve("other.test")).isNull();
        assertThat(t.resolve("sub.exact.test")).isNull();
        assertThat(t.resolve("exact.test").hosts().get(0).name()).isEqualTo("mx.exact.test");
    }

    @Test
    void sitesArePerTargetByDefaultOrPerDomainOnRequest() {
        TestModeOverride perTarget = new TestModeOverride(rules());
        TestModeOverride perDomain = new TestModeOverride(rules(), SiteGrouping.PER_DOMAIN);

        assertThat(perTarget.resolve("a.org").siteKey()).isEqualTo("test:127.0.0.1:2525")
                .isEqualTo(perTarget.resolve("b.org").siteKey());
        assertThat(perTarget.resolve("vip.example.test").siteKey()).isEqualTo("test:[::1]:2528");
        assertThat(perDomain.resolve("a.org").siteKey()).isEqualTo("test:a.org");
        assertThat(perDomain.resolve("b.org").siteKey()).isEqualTo("test:b.org");
    }

    @Test
    void aTargetByNameIsLeftForTheConnectorToResolve() {
        MxHost h = new TestModeOverride(Map.of("*", "sink.local:2525")).resolve("a.org").hosts().get(0);

        assertThat(h.port()).isEqualTo(2525);
        assertThat(h.addresses()).isEmpty();
    }

    @Test
    void badTargetsAreRejectedWithAnExample() {
        assertThatThrownBy(() -> new TestModeOverride(Map.of("*", "127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new TestModeOverride(Map.of("*", "127.0.0.1:99999")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> new TestModeOverride(Map.of("a*b.test", "127.0.0.1:25")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a*b.test");
    }
}
