package dev.salvo.cli;

/** The --relay value: "host:port", "127.0.0.1:2525" or "[::1]:2525" (RFC 3986 §3.2.2 brackets IPv6). */
record RelayAddress(String host, int port) {

    static RelayAddress parse(String text) {
        return parse("--relay", text);
    }

    /** @param option the flag the text came from, for the error message */
    static RelayAddress parse(String option, String text) {
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw bad(option, text, "an IPv6 address goes in brackets followed by the port, as [::1]:2525");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw bad(option, text, "the port is missing, as in smtp.example.com:587");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw bad(option, text, "put an IPv6 address in brackets, as [::1]:2525");
            }
        }
        if (host.isEmpty()) {
            throw bad(option, text, "the host is missing");
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.isEmpty() || port.length() > 5
                || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw bad(option, text, "the port must be a number from 1 to 65535");
        }
        return new RelayAddress(host, Integer.parseInt(port));
    }

    private static UserError bad(String option, String text, String why) {
        return new UserError(option + " '" + text + "' is not host:port: " + why);
    }
}
