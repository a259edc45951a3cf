package dev.salvo.route;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends mail for matching domains to a fixed host:port instead of their MX, so that tests and the
 * demo can simulate hundreds of domains against sinks on loopback. Patterns: {@code "*"}, an exact
 * domain, or {@code "*.suffix"}; the most specific match wins (exact, longest suffix, "*").
 */
public final class TestModeOverride {
    /** How overridden domains map onto sites, and so onto throttles and connection pools. */
    public enum SiteGrouping {
        /** One site per target host:port ("test:127.0.0.1:2525"): every domain sent there shares one shaping unit. */
        PER_TARGET,
        /** One site per domain ("test:a.example.test"): each simulated domain is shaped on its own, as real ones would be. */
        PER_DOMAIN
    }

    private record Rule(HostPattern pattern, String host, int port, List<InetAddress> addresses) {}

    private final List<Rule> rules;
    private final SiteGrouping grouping;

    public TestModeOverride(Map<String, String> patternToHostPort) {
        this(patternToHostPort, SiteGrouping.PER_TARGET);
    }

    public TestModeOverride(Map<String, String> patternToHostPort, SiteGrouping grouping) {
        List<Rule> parsed = new ArrayList<>(patternToHostPort.size());
        patternToHostPort.forEach((pattern, target) -> parsed.add(rule(pattern, target)));
        this.rules = List.copyOf(parsed);
        this.grouping = grouping;
    }

    /** {@code null} when no pattern matches; else one host, {@code mx.<domain>}, at the configured address. */
    public MxTarget resolve(String domain) {
        String d = DomainName.canonical(domain);
        Rule best = null;
        for (Rule r : rules) {
            if (r.pattern.matches(d) && (best == null || r.pattern.specificity() > best.pattern.specificity())) {
                best = r;
            }
        }
        if (best == null) {
            return null;
        }
        String hostPort = hostPort(best.host, best.port);
        String site = grouping == SiteGrouping.PER_TARGET ? "test:" + hostPort : "test:" + d;
        MxHost host = new MxHost("mx." + d, 0, best.port, best.addresses);
        return MxTarget.ok(List.of(host), site, "test mode: " + best.pattern.text() + " -> " + hostPort);
    }

    private static Rule rule(String pattern, String target) {
        String t = target.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("test-mode target for \"" + pattern + "\" must be host:port, e.g. "
                    + "\"127.0.0.1:2525\" or \"[::1]:2525\"; got \"" + target + "\"");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("test-mode target for \"" + pattern + "\": port must be 1-65535; got \""
                    + target + "\"");
        }
        // An IP literal is parsed here, never looked up; a name is left for the connector to resolve.
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return new Rule(HostPattern.parse(pattern), host, port, literal == null ? List.of() : List.of(literal));
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
