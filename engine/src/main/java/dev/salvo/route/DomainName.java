package dev.salvo.route;

import java.net.IDN;
import java.util.Locale;

/** The one spelling of a domain or host name used for keys and comparisons: ASCII (A-labels), lower case, no trailing dot. */
final class DomainName {
    private DomainName() {}

    /** @throws IllegalArgumentException when the name is empty or not a valid IDN */
    static String canonical(String name) {
        String s = name.strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty domain name");
        }
        // RFC 5890: compare and query in A-label form; toASCII also rejects malformed labels.
        return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    /** For names that came off the wire: lower case, no trailing dot. */
    static String fromWire(String name) {
        String s = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return s.toLowerCase(Locale.ROOT);
    }
}
