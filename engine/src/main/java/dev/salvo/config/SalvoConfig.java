package dev.salvo.config;

import java.util.List;
import java.util.Objects;

/**
 * Everything salvo.yaml says, validated. Lookups pick the most specific pattern that fits
 * (an exact name over "*.suffix", a longer suffix over a shorter, anything over "*"), so the
 * order of entries in the file never changes the outcome.
 *
 * @param ehloName the name Salvo gives in EHLO (RFC 5321 §4.1.1.1); should match the sending IP's PTR
 * @param defaults limits for every destination no shaping rule matches, and the base of those rules
 * @param routes   non-empty
 * @param rollup   MX patterns that merge domains into sites; empty turns rollup off
 * @param shaping  per-site and per-domain limits
 * @param spool    where accepted mail is kept ({@link SpoolConfig#NONE}: nowhere, memory only)
 */
public record SalvoConfig(String ehloName, Shaping defaults, RetryPolicy retry, List<RouteRule> routes,
                          List<RollupRule> rollup, List<ShapingRule> shaping, TestMode testMode, DkimConfig dkim,
                          VerpConfig verp, SpoolConfig spool) {

    public static final String DEFAULT_EHLO = "localhost";

    public SalvoConfig {
        Objects.requireNonNull(ehloName, "ehloName");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(testMode, "testMode");
        Objects.requireNonNull(dkim, "dkim");
        Objects.requireNonNull(verp, "verp");
        Objects.requireNonNull(spool, "spool");
        routes = List.copyOf(routes);
        rollup = List.copyOf(rollup);
        shaping = List.copyOf(shaping);
    }

    /** A configuration without VERP and without a spool (memory only). */
    public SalvoConfig(String ehloName, Shaping defaults, RetryPolicy retry, List<RouteRule> routes,
                       List<RollupRule> rollup, List<ShapingRule> shaping, TestMode testMode, DkimConfig dkim) {
        this(ehloName, defaults, retry, routes, rollup, shaping, testMode, dkim, VerpConfig.NONE, SpoolConfig.NONE);
    }

    /** A configuration without a spool (memory only). */
    public SalvoConfig(String ehloName, Shaping defaults, RetryPolicy retry, List<RouteRule> routes,
                       List<RollupRule> rollup, List<ShapingRule> shaping, TestMode testMode, DkimConfig dkim, VerpConfig verp) {
        this(ehloName, defaults, retry, routes, rollup, shaping, testMode, dkim, verp, SpoolConfig.NONE);
    }

    /** A configuration without DKIM signing. */
    public SalvoConfig(String ehloName, Shaping defaults, RetryPolicy retry, List<RouteRule> routes,
                       List<RollupRule> rollup, List<ShapingRule> shaping, TestMode testMode) {
        this(ehloName, defaults, retry, routes, rollup, shaping, testMode, DkimConfig.NONE);
    }

    /**
     * Direct delivery to MX hosts for every domain, the default limits and the default rollups.
     * Not named defaults(): that is the accessor of the {@code defaults} component, and Java
     * forbids a static method with a record accessor's signature.
     */
    public static SalvoConfig defaultConfig() {
        return new SalvoConfig(DEFAULT_EHLO, Shaping.DEFAULT, RetryPolicy.DEFAULT,
                List.of(new RouteRule(List.of("*"), null)), RollupRule.DEFAULTS, List.of(), TestMode.OFF);
    }

    /** The route for a recipient domain, or null when no route covers it (the file has no "*" route). */
    public RouteRule routeFor(String domain) {
        return DomainPattern.bestFit(routes, r -> r.specificity(domain));
    }

    /** The site an MX host rolls up into, or null when it stands alone. */
    public String siteFor(String mxHost) {
        RollupRule rule = DomainPattern.bestFit(rollup, r -> DomainPattern.specificity(r.mxPattern(), mxHost));
        return rule == null ? null : rule.site();
    }

    /**
     * The limits for a destination, named by its site (from {@link #siteFor}) or, when it has
     * none, by its domain; the defaults when no rule fits.
     */
    public Shaping shapingFor(String destination) {
        ShapingRule rule = DomainPattern.bestFit(shaping, r -> DomainPattern.specificity(r.match(), destination));
        return rule == null ? defaults : rule.shaping();
    }

    /**
     * The limits for a destination reached through {@code domain}: the rule naming its rollup
     * {@code site} when there is one (the site is the receiver being shaped); else the most specific
     * domain pattern that fits the domain (exact name, then the longest "*.suffix"),
     * whatever the order of the rules; else the defaults.
     */
    public Shaping shapingFor(String site, String domain) {
        for (ShapingRule r : shaping) {
            if (r.bySite() && r.match().equalsIgnoreCase(site)) {
                return r.shaping();
            }
        }
        ShapingRule rule = DomainPattern.bestFit(shaping, r -> r.bySite() ? -1 : DomainPattern.specificity(r.match(), domain));
        return rule == null ? defaults : rule.shaping();
    }
}
