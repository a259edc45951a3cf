package dev.salvo.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads routes: each sends some domains to a relay or straight to their MX hosts. */
final class RouteReader {
    private static final List<String> ROUTE_KEYS = List.of("domains", "relay", "mx");
    private static final List<String> RELAY_KEYS = List.of("host", "port", "tls", "trust", "user", "password_env");
    private static final List<String> TLS_MODES = List.of(Relay.STARTTLS, Relay.OPPORTUNISTIC, Relay.IMPLICIT, Relay.NONE);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The submission ports: RFC 8314 §3.3 (implicit TLS) and RFC 6409 §3.1. */
    private static final int IMPLICIT_TLS_PORT = 465;
    private static final int SUBMISSION_PORT = 587;

    private final String source;
    private final Path baseDir;
    /** Pattern → line of the route that has it, to catch a domain routed twice. */
    private final Map<String, Integer> seen = new HashMap<>();

    RouteReader(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    List<RouteRule> read(List<YamlNode> items) {
        List<RouteRule> routes = new ArrayList<>();
        for (YamlNode item : items) {
            routes.add(route(ConfigSection.of(source, "a route", item, item.mark(), ROUTE_KEYS)));
        }
        return routes;
    }

    private RouteRule route(ConfigSection s) {
        YamlNode.Entry domains = s.entry("domains");
        if (domains == null) {
            throw ConfigSection.error(source, s.mark(), "a route needs domains: a list of patterns such as \"*\", example.com or \"*.example.com\"");
        }
        List<String> patterns = new ArrayList<>();
        List<YamlNode> nodes = domains.value() instanceof YamlNode.Sequence seq ? seq.items() : List.of(domains.value());
        if (nodes.isEmpty()) {
            throw s.fail(domains.value(), "domains must list at least one pattern");
        }
        for (YamlNode node : nodes) {
            patterns.add(pattern(s, node));
        }
        if (s.has("relay") == s.has("mx")) {
            throw ConfigSection.error(source, s.mark(), "a route needs exactly one of relay: {host: ..., port: ...} or mx: {} (direct delivery)");
        }
        if (s.has("mx")) {
            s.section("mx", List.of());
            return new RouteRule(patterns, null);
        }
        return new RouteRule(patterns, relay(s.section("relay", RELAY_KEYS)));
    }

    private String pattern(ConfigSection s, YamlNode node) {
        String text = s.scalar(node, "each domain must be a pattern such as \"*\", example.com or \"*.example.com\"");
        String pattern = DomainPattern.normalize(text);
        if (pattern == null) {
            throw s.fail(node, "each domain must be a pattern such as \"*\", example.com or \"*.example.com\", got '" + text + "'");
        }
        Integer earlier = seen.putIfAbsent(pattern, node.mark().line());
        if (earlier != null) {
            throw s.fail(node, "'" + pattern + "' is already routed on line " + earlier + "; each pattern may appear in one route only");
        }
        return pattern;
    }

    private Relay relay(ConfigSection s) {
        String host = s.text("host", null);
        if (host == null || host.isBlank()) {
            throw ConfigSection.error(source, s.mark(), "relay needs host: the smarthost's name or IP address");
        }
        String tls = s.text("tls", Relay.STARTTLS);
        if (!TLS_MODES.contains(tls)) {
            throw s.fail(s.entry("tls").value(), "tls must be one of " + String.join(", ", TLS_MODES) + ", got '" + tls + "'"
                    + Spelling.suggest(tls, TLS_MODES));
        }
        int port = s.integer("port", 1, 65_535, tls.equals(Relay.IMPLICIT) ? IMPLICIT_TLS_PORT : SUBMISSION_PORT);
        String trust = trust(s, tls);
        String user = s.text("user", null);
        String passwordEnv = s.text("password_env", null);
        if (passwordEnv != null && user == null) {
            throw s.fail(s.entry("password_env").value(), "password_env needs user: the name to log in with");
        }
        if (user != null && passwordEnv == null) {
            throw s.fail(s.entry("user").value(), "user needs password_env: the environment variable that holds the password");
        }
        if (passwordEnv != null && !ENV_NAME.matcher(passwordEnv).matches()) {
            throw s.fail(s.entry("password_env").value(), "password_env must name an environment variable"
                    + " (letters, digits, underscores), got '" + passwordEnv + "'; never put the password itself here");
        }
        if (user != null && tls.equals(Relay.NONE)) {
            throw s.fail(s.entry("user").value(), "AUTH over tls: none would send the password in clear; use starttls or implicit");
        }
        return new Relay(host.trim(), port, tls, trust, user, passwordEnv);
    }

    private String trust(ConfigSection s, String tls) {
        String trust = s.text("trust", Relay.TRUST_SYSTEM);
        if (trust.equals(Relay.TRUST_SYSTEM) || trust.equals(Relay.TRUST_ALL)) {
            if (tls.equals(Relay.NONE) && s.has("trust")) {
                throw s.fail(s.entry("trust").value(), "trust has no effect with tls: none; remove it or choose a tls mode");
            }
            return trust;
        }
        YamlNode node = s.entry("trust").value();
        String expected = "trust must be system, insecure-trust-all, or the path of a PEM file";
        Path pem;
        try {
            pem = baseDir.resolve(trust).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw s.fail(node, expected + ", got '" + trust + "'" + Spelling.suggest(trust, List.of(Relay.TRUST_SYSTEM, Relay.TRUST_ALL)));
        }
        if (!Files.isReadable(pem)) {
            throw s.fail(node, expected + "; cannot read " + pem + Spelling.suggest(trust, List.of(Relay.TRUST_SYSTEM, Relay.TRUST_ALL)));
        }
        return pem.toString();
    }
}
