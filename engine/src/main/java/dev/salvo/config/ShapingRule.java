package dev.salvo.config;

import java.util.Objects;

/**
 * Limits for one site or for the domains a pattern matches.
 *
 * @param match   a site name from the rollup list, or a domain pattern
 * @param shaping complete: fields the file left out already hold the defaults
 */
public record ShapingRule(String match, Shaping shaping) {

    public ShapingRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(shaping, "shaping");
    }

    /** Whether this rule names a rollup site rather than domains. */
    public boolean bySite() {
        return DomainPattern.isSiteName(match);
    }
}
