package dev.salvo.route;

import java.net.InetAddress;
import java.util.List;

/**
 * One host that takes mail for a domain.
 *
 * @param name       the host name, lower case, without the trailing dot
 * @param preference the MX preference (lower is tried first); 0 for an implicit MX
 * @param port       25, or the port a test-mode override points at
 * @param addresses  A/AAAA addresses, IPv4 first; may be empty, meaning "resolve when connecting"
 */
public record MxHost(String name, int preference, int port, List<InetAddress> addresses) {
    public MxHost {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("MX host name is empty");
        }
        if (preference < 0 || preference > 0xFFFF) {
            throw new IllegalArgumentException("MX preference out of range (0-65535): " + preference);
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range (1-65535): " + port);
        }
        addresses = List.copyOf(addresses);
    }
}
