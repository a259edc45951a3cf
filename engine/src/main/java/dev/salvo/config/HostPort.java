package dev.salvo.config;

/** "host:port", "127.0.0.1:2525" or "[::1]:2525" (RFC 3986 §3.2.2 brackets IPv6). */
final class HostPort {
    private HostPort() {}

    static boolean isValid(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return false;
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (!bracketed && host.indexOf(':') >= 0) {
            return false;
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65_535;
    }
}
