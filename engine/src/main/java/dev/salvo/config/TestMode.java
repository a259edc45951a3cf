package dev.salvo.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For tests and staging: send mail for matching domains to a fixed "host:port" in place of the
 * MX hosts DNS names, so a campaign can run against a sink without touching real receivers.
 *
 * @param mxOverride canonical domain pattern → "host:port", in file order
 */
public record TestMode(Map<String, String> mxOverride) {

    public static final TestMode OFF = new TestMode(Map.of());

    public TestMode {
        mxOverride = Collections.unmodifiableMap(new LinkedHashMap<>(mxOverride));
    }

    public boolean enabled() {
        return !mxOverride.isEmpty();
    }

    /** The "host:port" that stands in for the domain's MX hosts, or null when none applies. */
    public String overrideFor(String domain) {
        Map.Entry<String, String> best = DomainPattern.bestFit(mxOverride.entrySet(),
                e -> DomainPattern.specificity(e.getKey(), domain));
        return best == null ? null : best.getValue();
    }
}
