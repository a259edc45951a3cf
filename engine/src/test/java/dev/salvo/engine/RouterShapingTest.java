package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.config.ConfigLoader;
import dev.salvo.config.SalvoConfig;
import dev.salvo.config.Shaping;
import dev.salvo.smtp.ConnectionSettings;
import org.junit.jupiter.api.Test;

/**
 * The router gives each destination the most specific shaping rule, whatever the order in the
 * file: the site's own rule, then an exact domain, then the longest "*.suffix", then the defaults.
 * The rules below are written least specific first, so first-match would pick "*.com".
 */
class RouterShapingTest {
    private static final SalvoConfig CONFIG = ConfigLoader.parse("""
            defaults: {max_connections: 1}
            shaping:
              - {match: "*.com", max_connections: 2}
              - {match: "*.example.com", max_connections: 3}
              - {match: "*.eu.example.com", max_connections: 4}
              - {match: "mail.eu.example.com", max_connections: 5}
              - {match: google, max_connections: 6}
            """, "shaping.yaml");

    private static int connections(String domain) {
        Router relayed = new Router(CONFIG, null, ConnectionSettings.relay("127.0.0.1", 2525), name -> null);
        Shaping s = relayed.route(domain).join().shaping();
        return s.maxConnections();
    }

    @Test
    void theMostSpecificDomainPatternWinsWhateverTheOrder() {
        assertThat(connections("mail.eu.example.com")).isEqualTo(5); // exact
        assertThat(connections("MAIL.EU.Example.com")).isEqualTo(5); // case does not matter (RFC 4343)
        assertThat(connections("other.eu.example.com")).isEqualTo(4); // the longer suffix
        assertThat(connections("www.example.com")).isEqualTo(3); // the shorter suffix
        assertThat(connections("example.com")).isEqualTo(2); // "*.example.com" is not example.com itself
        assertThat(connections("elsewhere.test")).isEqualTo(1); // no rule fits: the defaults
    }

    @Test
    void aSiteRuleIsMatchedByItsExactNameAndBeatsDomainPatterns() {
        assertThat(CONFIG.shapingFor("google", "hosted.example.com").maxConnections()).isEqualTo(6);
        assertThat(CONFIG.shapingFor("googlemail", "x.test").maxConnections()).isEqualTo(1); // not a prefix match
        assertThat(CONFIG.shapingFor("relay:127.0.0.1:2525", "a.eu.example.com").maxConnections()).isEqualTo(4);
    }

    @Test
    void withoutAnyFittingRuleTheDefaultsApply() {
        SalvoConfig noStar = ConfigLoader.parse("""
                defaults: {max_connections: 7}
                shaping:
                  - {match: "*.example.com", max_connections: 3}
                """, "shaping.yaml");
        assertThat(noStar.shapingFor("mx.other.test", "other.test")).isSameAs(noStar.defaults());
    }
}
