package dev.salvo.config;

import java.util.List;
import java.util.Objects;

/**
 * Recipient domains whose MX host matches {@code mxPattern} share one destination, {@code site}:
 * thousands of Google-hosted domains are one receiver, and are throttled as one.
 */
public record RollupRule(String mxPattern, String site) {

    /**
     * The big providers. Each pattern is the suffix of the MX host names the provider publishes,
     * so a company domain hosted there rolls up with the provider's own.
     */
    public static final List<RollupRule> DEFAULTS = List.of(
            // Google Workspace and Gmail: aspmx.l.google.com, gmail-smtp-in.l.google.com
            new RollupRule("*.google.com", "google"),
            // Older Google-hosted domains: aspmx2.googlemail.com
            new RollupRule("*.googlemail.com", "google"),
            // Microsoft 365 tenants: contoso-com.mail.protection.outlook.com
            new RollupRule("*.protection.outlook.com", "microsoft"),
            // Outlook.com, Hotmail, Live: hotmail-com.olc.protection.outlook.com
            new RollupRule("*.olc.protection.outlook.com", "microsoft"),
            // Yahoo, AOL, Verizon consumer mail: mta5.am0.yahoodns.net
            new RollupRule("*.yahoodns.net", "yahoo"),
            // iCloud, me.com, mac.com: mx01.mail.icloud.com
            new RollupRule("*.icloud.com", "apple"),
            // Proofpoint-protected corporate domains: mx0a-001234.pphosted.com
            new RollupRule("*.pphosted.com", "proofpoint"),
            // Mimecast-protected corporate domains: eu-smtp-inbound-1.mimecast.com
            new RollupRule("*.mimecast.com", "mimecast"));

    public RollupRule {
        Objects.requireNonNull(mxPattern, "mxPattern");
        Objects.requireNonNull(site, "site");
    }

    public boolean matches(String mxHost) {
        return DomainPattern.matches(mxPattern, mxHost);
    }
}
