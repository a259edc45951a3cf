package dev.salvo.route;

import java.util.List;

/**
 * Where mail for a domain goes: an ordered list of hosts (MX preference order, equal preferences
 * shuffled), or why it goes nowhere.
 *
 * @param hosts   in the order to try them; empty unless {@code status} is {@link Status#OK}
 * @param siteKey the unit of shaping (see {@link SiteKeys}); the domain itself when there are no hosts
 * @param status  what the lookup found
 * @param detail  a line for logs and bounce text: what was asked and what came back
 */
public record MxTarget(List<MxHost> hosts, String siteKey, Status status, String detail) {

    public enum Status {
        /** At least one host to try. */
        OK,
        /** RFC 7505: the domain says it takes no mail (a lone "." MX of preference 0); bounce with 5.1.10. */
        NULL_MX,
        /** NXDOMAIN, or no MX and no address at all; bounce with 5.1.2. */
        NO_SUCH_DOMAIN,
        /** SERVFAIL, REFUSED, a timeout: defer and ask again later. */
        TEMP_FAILURE
    }

    public MxTarget {
        hosts = List.copyOf(hosts);
        if ((status == Status.OK) == hosts.isEmpty()) {
            throw new IllegalArgumentException(status + " with " + hosts.size() + " host(s)");
        }
    }

    static MxTarget ok(List<MxHost> hosts, String siteKey, String detail) {
        return new MxTarget(hosts, siteKey, Status.OK, detail);
    }

    static MxTarget failed(String domain, Status status, String detail) {
        return new MxTarget(List.of(), domain, status, detail);
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}
