package dev.salvo.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SiteKeysTest {
    private final SiteKeys keys = new SiteKeys(List.of(
            new SiteKeys.Rollup("*.google.com", "google"),
            new SiteKeys.Rollup("*.outlook.com", "microsoft"),
            new SiteKeys.Rollup("mx.exact.test", "exact")));

    private static MxHost host(String name, int preference) {
        return new MxHost(name, preference, 25, List.of());
    }

    @Test
    void anyHostMatchingARuleNamesTheSite() {
        assertThat(keys.siteKeyFor("a.test", List.of(host("mx.a.test", 5), host("aspmx.l.google.com", 10))))
                .isEqualTo("google");
        assertThat(keys.siteKeyFor("b.test", List.of(host("b-test.mail.protection.outlook.com", 0))))
                .isEqualTo("microsoft");
        assertThat(keys.siteKeyFor("c.test", List.of(host("mx.exact.test", 0)))).isEqualTo("exact");
    }

    @Test
    void aSuffixRuleMatchesOnlyNamesBelowIt() {
        assertThat(keys.siteKeyFor("d.test", List.of(host("google.com", 10)))).isEqualTo("google.com");
        assertThat(keys.siteKeyFor("e.test", List.of(host("notgoogle.com", 10)))).isEqualTo("notgoogle.com");
    }

    @Test
    void withoutARuleTheSortedSetOfHostsIsTheSite() {
        String one = keys.siteKeyFor("f.test", List.of(host("mx2.shared.test", 20), host("mx1.shared.test", 10)));
        String two = keys.siteKeyFor("g.test", List.of(host("mx1.shared.test", 5), host("mx2.shared.test", 5)));
        String other = keys.siteKeyFor("h.test", List.of(host("mx1.shared.test", 5)));

        assertThat(one).isEqualTo("mx1.shared.test,mx2.shared.test").isEqualTo(two);
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void anImplicitMxIsItsOwnSite() {
        assertThat(keys.siteKeyFor("mail.google.com", List.of(host("mail.google.com", 0)))).isEqualTo("mail.google.com");
    }

    @Test
    void badRulesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new SiteKeys(List.of(new SiteKeys.Rollup("mx*.google.com", "google"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mx*.google.com");
        assertThatThrownBy(() -> new SiteKeys.Rollup("*.google.com", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no site name");
    }
}
