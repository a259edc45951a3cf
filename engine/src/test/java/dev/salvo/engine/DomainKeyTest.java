package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing looks domains up by the address bytes: ASCII case folded, the domain after the last '@'. */
class DomainKeyTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsAStoredDomainFromAnAddressWhateverItsAsciiCase() {
        Map<DomainKey, String> routes = new HashMap<>();
        routes.put(DomainKey.stored("example.com"), "site-a");
        routes.put(DomainKey.stored("example.org"), "site-b");
        DomainKey probe = DomainKey.probe();
        assertThat(routes.get(probe.of(utf8("alice@example.com")))).isEqualTo("site-a");
        assertThat(routes.get(probe.of(utf8("Bob@EXAMPLE.Com")))).isEqualTo("site-a");
        assertThat(routes.get(probe.of(utf8("carol@example.org")))).isEqualTo("site-b");
        assertThat(routes.get(probe.of(utf8("dave@example.co")))).isNull();
        assertThat(routes.get(probe.of(utf8("erin@sub.example.com")))).isNull();
        // A quoted local part may hold '@': the domain is after the last one.
        assertThat(routes.get(probe.of(utf8("\"x@example.org\"@example.com")))).isEqualTo("site-a");
    }

    @Test
    void nonAsciiBytesCompareExactly() {
        Map<DomainKey, String> routes = new HashMap<>();
        routes.put(DomainKey.stored("bücher.de"), "site-c");
        DomainKey probe = DomainKey.probe();
        assertThat(routes.get(probe.of(utf8("a@bücher.de")))).isEqualTo("site-c");
        assertThat(routes.get(probe.of(utf8("a@BÜCHER.de")))).isNull(); // DispatchLoop then looks up the lower-cased name
        assertThat(DomainKey.stored("bücher.de")).hasToString("bücher.de");
    }
}
