package dev.salvo.route;

import java.util.List;
import java.util.TreeSet;

/**
 * MX rollup: names the site a domain's mail goes to, the unit that shaping (rates, connections,
 * backoff) applies to. Domains hosted by one provider (every Google Workspace domain has MX hosts
 * under google.com) share one site, so one throttle covers them all.
 */
public final class SiteKeys {
    /** Any MX host matching {@code mxPattern} ("*.google.com", or an exact host) puts the domain on {@code site}. */
    public record Rollup(String mxPattern, String site) {
        public Rollup {
            if (site == null || site.isBlank()) {
                throw new IllegalArgumentException("rollup for \"" + mxPattern + "\" has no site name");
            }
        }
    }

    private final List<HostPattern> patterns;
    private final List<String> sites;

    public SiteKeys(List<Rollup> rules) {
        this.patterns = rules.stream().map(r -> HostPattern.parse(r.mxPattern())).toList();
        this.sites = rules.stream().map(Rollup::site).toList();
    }

    /**
     * The first rule (in configured order) that any host matches names the site; else the sorted,
     * distinct MX host names joined by ","; for an implicit MX (RFC 5321 §5.1, the domain's own
     * A/AAAA) the domain itself.
     *
     * @param hosts in any order; names as {@link MxHost} holds them (lower case, no trailing dot)
     */
    public String siteKeyFor(String domain, List<MxHost> hosts) {
        if (hosts.isEmpty() || (hosts.size() == 1 && hosts.get(0).name().equals(domain))) {
            return domain;
        }
        for (int i = 0; i < patterns.size(); i++) {
            HostPattern p = patterns.get(i);
            for (MxHost h : hosts) {
                if (p.matches(h.name())) {
                    return sites.get(i);
                }
            }
        }
        TreeSet<String> names = new TreeSet<>();
        for (MxHost h : hosts) {
            names.add(h.name());
        }
        return String.join(",", names);
    }
}
