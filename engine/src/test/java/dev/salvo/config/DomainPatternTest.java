package dev.salvo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainPatternTest {
    private static RouteRule route(String... patterns) {
        return new RouteRule(List.of(patterns), null);
    }

    @Test
    void starMatchesEveryDomain() {
        assertThat(route("*").matches("example.com")).isTrue();
        assertThat(route("*").matches("a.b.c.example.org")).isTrue();
    }

    @Test
    void anExactNameMatchesOnlyItselfIgnoringCaseAndTheRootDot() {
        RouteRule r = route("example.com");
        assertThat(r.matches("example.com")).isTrue();
        assertThat(r.matches("EXAMPLE.Com")).isTrue();
        assertThat(r.matches("example.com.")).isTrue();
        assertThat(r.matches("a.example.com")).isFalse();
        assertThat(r.matches("badexample.com")).isFalse();
        assertThat(r.matches("example.co")).isFalse();
    }

    @Test
    void aWildcardMatchesNamesBelowAtAnyDepthButNotTheDomainItself() {
        RouteRule r = route("*.example.com");
        assertThat(r.matches("a.example.com")).isTrue();
        assertThat(r.matches("a.b.example.com")).isTrue();
        assertThat(r.matches("A.Example.COM")).isTrue();
        assertThat(r.matches("example.com")).isFalse();
        assertThat(r.matches("badexample.com")).isFalse();
        assertThat(r.matches("a.example.com.evil")).isFalse();
    }

    @Test
    void aRouteMatchesWhenAnyOfItsPatternsDoes() {
        RouteRule r = route("example.com", "*.example.com");
        assertThat(r.matches("example.com")).isTrue();
        assertThat(r.matches("x.example.com")).isTrue();
        assertThat(r.matches("example.org")).isFalse();
    }

    @Test
    void normalizeLowersCaseAndRefusesWhatIsNoPattern() {
        assertThat(DomainPattern.normalize("*.Example.COM.")).isEqualTo("*.example.com");
        assertThat(DomainPattern.normalize(" * ")).isEqualTo("*");
        assertThat(DomainPattern.normalize("foo*.com")).isNull();
        assertThat(DomainPattern.normalize("*example.com")).isNull();
        assertThat(DomainPattern.normalize("a..b")).isNull();
        assertThat(DomainPattern.normalize("-a.com")).isNull();
        assertThat(DomainPattern.normalize("a b.com")).isNull();
        assertThat(DomainPattern.normalize("*.*.com")).isNull();
    }

    @Test
    void theMostSpecificRouteWinsWhateverTheOrder() {
        RouteRule any = route("*");
        RouteRule sub = route("*.example.com");
        RouteRule deep = route("*.eu.example.com");
        RouteRule exact = route("example.com");
        SalvoConfig c = new SalvoConfig("mail.test", Shaping.DEFAULT, RetryPolicy.DEFAULT,
                List.of(any, deep, exact, sub), List.of(), List.of(), TestMode.OFF);
        assertThat(c.routeFor("example.com")).isSameAs(exact);
        assertThat(c.routeFor("x.example.com")).isSameAs(sub);
        assertThat(c.routeFor("x.eu.example.com")).isSameAs(deep);
        assertThat(c.routeFor("example.org")).isSameAs(any);
    }

    @Test
    void noRouteWhenNoPatternFits() {
        SalvoConfig c = new SalvoConfig("mail.test", Shaping.DEFAULT, RetryPolicy.DEFAULT,
                List.of(route("example.com")), List.of(), List.of(), TestMode.OFF);
        assertThat(c.routeFor("example.org")).isNull();
    }
}
