package dev.salvo.route;

/**
 * A host-name pattern from configuration: {@code "*"} (anything), {@code "*.example.com"} (any
 * name strictly below example.com), or an exact name.
 */
record HostPattern(String text, Kind kind, String name) {
    enum Kind { ANY, SUFFIX, EXACT }

    static HostPattern parse(String text) {
        String t = text.strip();
        if (t.equals("*")) {
            return new HostPattern(text, Kind.ANY, "");
        }
        if (t.startsWith("*.")) {
            return new HostPattern(text, Kind.SUFFIX, "." + checked(text, t.substring(2)));
        }
        if (t.indexOf('*') >= 0) {
            throw new IllegalArgumentException("host pattern \"" + text
                    + "\": a '*' may only stand alone or lead as \"*.\" (e.g. \"*.google.com\")");
        }
        return new HostPattern(text, Kind.EXACT, checked(text, t));
    }

    private static String checked(String text, String name) {
        try {
            return DomainName.canonical(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host pattern \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /** @param host a canonical name (see {@link DomainName}) */
    boolean matches(String host) {
        return switch (kind) {
            case ANY -> true;
            case SUFFIX -> host.endsWith(name);
            case EXACT -> host.equals(name);
        };
    }

    /** Higher wins when several patterns match: exact, then the longest suffix, then "*". */
    int specificity() {
        return switch (kind) {
            case ANY -> 0;
            case SUFFIX -> name.length();
            case EXACT -> Integer.MAX_VALUE;
        };
    }
}
