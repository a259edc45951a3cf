package dev.salvo.config;

import java.util.List;

/**
 * Where mail for some recipient domains goes.
 *
 * @param domains patterns in canonical form: "*", "example.com", "*.example.com"
 * @param relay   the smarthost, or null to deliver directly to the domain's MX hosts
 */
public record RouteRule(List<String> domains, Relay relay) {

    public RouteRule {
        domains = List.copyOf(domains);
    }

    public boolean matches(String domain) {
        return specificity(domain) >= 0;
    }

    /** Whether this route goes straight to the MX hosts. */
    public boolean viaMx() {
        return relay == null;
    }

    /** The best fit of any of this route's patterns (see {@link SalvoConfig#routeFor}); -1 for none. */
    int specificity(String domain) {
        int best = -1;
        for (String pattern : domains) {
            best = Math.max(best, DomainPattern.specificity(pattern, domain));
        }
        return best;
    }
}
