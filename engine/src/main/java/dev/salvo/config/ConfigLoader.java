package dev.salvo.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads salvo.yaml into a {@link SalvoConfig}. Everything the file leaves out takes its default;
 * anything it says wrongly fails with a {@link ConfigException} that points at the line and column.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("ehlo", "defaults", "retry", "routes", "rollup", "shaping", "test_mode", "dkim", "verp",
            "spool");
    private static final List<String> VERP_KEYS = List.of("domain", "prefix", "secret_file");
    private static final List<String> SPOOL_KEYS = List.of("dir", "mode", "window");
    private static final List<String> DKIM_KEYS = List.of("keys", "canonicalization", "headers");
    private static final List<String> DKIM_KEY_KEYS = List.of("domain", "selector", "key");
    private static final List<String> RETRY_KEYS = List.of("initial", "factor", "max_interval", "jitter", "max_age");
    private static final List<String> ROLLUP_KEYS = List.of("mx", "site");
    private static final List<String> SHAPING_RULE_KEYS;
    private static final List<String> TEST_MODE_KEYS = List.of("mx_override");

    static {
        List<String> keys = new ArrayList<>(List.of("match"));
        keys.addAll(ShapingReader.KEYS);
        SHAPING_RULE_KEYS = List.copyOf(keys);
    }

    private final String source;
    private final Path baseDir;

    private ConfigLoader(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    /** Reads the file; a relative PEM path in it is taken from the file's directory. */
    public static SalvoConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new ConfigLoader(file.toString(), dir == null ? Path.of("").toAbsolutePath() : dir).read(text);
    }

    /**
     * Reads YAML text; sourceName starts each error message. A relative PEM path is taken from
     * the working directory.
     */
    public static SalvoConfig parse(String yaml, String sourceName) {
        return new ConfigLoader(sourceName, Path.of("").toAbsolutePath()).read(yaml);
    }

    private SalvoConfig read(String yaml) {
        YamlNode root = withoutExtensions(YamlTree.read(yaml, source));
        misplacedShapingKey(root);
        ConfigSection top = ConfigSection.of(source, "salvo.yaml's top level", root, new YamlNode.Mark(1, 1), TOP_KEYS);

        Shaping defaults = ShapingReader.read(top.section("defaults", ShapingReader.KEYS), Shaping.DEFAULT);
        List<RouteRule> routes = top.has("routes")
                ? new RouteReader(source, baseDir).read(top.list("routes"))
                : SalvoConfig.defaultConfig().routes();
        if (routes.isEmpty()) {
            throw top.fail(top.entry("routes").value(), "routes must list at least one route; leave routes out for direct delivery to MX hosts");
        }
        List<RollupRule> rollup = top.has("rollup") ? rollup(top.list("rollup")) : RollupRule.DEFAULTS;
        return new SalvoConfig(ehlo(top), defaults, retry(top.section("retry", RETRY_KEYS)), routes, rollup,
                shaping(top.list("shaping"), defaults, rollup), testMode(top.section("test_mode", TEST_MODE_KEYS)),
                top.has("dkim") ? dkim(top.section("dkim", DKIM_KEYS)) : DkimConfig.NONE,
                top.has("verp") ? verp(top.section("verp", VERP_KEYS)) : VerpConfig.NONE,
                top.has("spool") ? spool(top.section("spool", SPOOL_KEYS)) : SpoolConfig.NONE);
    }

    private VerpConfig verp(ConfigSection s) {
        String domain = DomainPattern.normalize(s.text("domain", ""));
        if (domain == null || domain.startsWith("*") || domain.indexOf('.') < 0) {
            throw ConfigSection.error(source, s.has("domain") ? s.entry("domain").value().mark() : s.mark(),
                    "verp: needs domain: the bounce domain whose MX is `salvo serve`, such as bounce.example.com");
        }
        String prefix = s.text("prefix", VerpConfig.NONE.prefix()).trim();
        if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,14}")) {
            throw s.fail(s.entry("prefix").value(), "prefix must be 1 to 15 letters, digits, '.', '_' or '-' (the token"
                    + " needs the rest of the 64-octet local part), got '" + prefix + "'");
        }
        String file = s.text("secret_file", "").trim();
        if (file.isEmpty()) {
            throw ConfigSection.error(source, s.mark(), "verp: needs secret_file: a file with the HMAC secret"
                    + " (make one with: openssl rand -hex 32 > verp.key)");
        }
        java.nio.file.Path path = baseDir.resolve(file).toAbsolutePath().normalize();
        if (!java.nio.file.Files.isReadable(path)) {
            throw s.fail(s.entry("secret_file").value(), "cannot read the VERP secret file " + path);
        }
        return new VerpConfig(domain, prefix, path.toString());
    }

    private SpoolConfig spool(ConfigSection s) {
        String mode = s.text("mode", "sync").trim().toLowerCase(java.util.Locale.ROOT);
        SpoolConfig.Mode m = switch (mode) {
            case "sync" -> SpoolConfig.Mode.SYNC;
            case "batched" -> SpoolConfig.Mode.BATCHED;
            case "memory" -> SpoolConfig.Mode.MEMORY;
            default -> throw s.fail(s.entry("mode").value(), "mode must be sync (fsync before acknowledging), batched (fsync"
                    + " every window) or memory (no spool), got '" + mode + "'");
        };
        Duration window = s.duration("window", Duration.ofMillis(1), Duration.ofSeconds(10), SpoolConfig.DEFAULT_WINDOW);
        if (s.has("window") && m != SpoolConfig.Mode.BATCHED) {
            throw s.fail(s.entry("window").value(), "window is the fsync window of mode: batched; this spool is " + mode);
        }
        String dir = s.text("dir", "").trim();
        if (dir.isEmpty()) {
            if (m != SpoolConfig.Mode.MEMORY) {
                throw ConfigSection.error(source, s.mark(), "spool: needs dir: the directory to keep accepted mail in"
                        + " (or mode: memory to keep nothing)");
            }
            return SpoolConfig.NONE;
        }
        return new SpoolConfig(baseDir.resolve(dir).toAbsolutePath().normalize(), m, window);
    }

    private DkimConfig dkim(ConfigSection s) {
        String c = s.text("canonicalization", "relaxed").trim();
        if (!c.equals("relaxed") && !c.equals("simple")) {
            throw s.fail(s.entry("canonicalization").value(), "canonicalization must be relaxed or simple (relaxed/relaxed"
                    + " survives the header rewrapping relays do), got '" + c + "'");
        }
        List<String> headers = null;
        if (s.has("headers")) {
            headers = new ArrayList<>();
            for (YamlNode h : s.list("headers")) {
                headers.add(s.scalar(h, "a header field name such as From").trim());
            }
            if (headers.stream().noneMatch(h -> h.equalsIgnoreCase("From"))) {
                throw s.fail(s.entry("headers").value(), "headers must include From (RFC 6376 §5.4: From must be signed)");
            }
        }
        List<DkimConfig.Key> keys = new ArrayList<>();
        for (YamlNode item : s.list("keys")) {
            ConfigSection k = ConfigSection.of(source, "a DKIM key", item, item.mark(), DKIM_KEY_KEYS);
            String domain = DomainPattern.normalize(k.text("domain", ""));
            if (domain == null || domain.startsWith("*")) {
                throw k.fail(item, "a DKIM key needs domain: the d= domain it signs for, such as example.com");
            }
            String selector = k.text("selector", "").trim();
            if (!selector.matches("[A-Za-z0-9][A-Za-z0-9-]*(\\.[A-Za-z0-9][A-Za-z0-9-]*)*")) {
                throw k.fail(item, "a DKIM key needs selector: the s= label its public key is published under"
                        + " (selector._domainkey." + domain + "), got '" + selector + "'");
            }
            String file = k.text("key", "").trim();
            if (file.isEmpty()) {
                throw k.fail(item, "a DKIM key needs key: the PEM file of its private key");
            }
            java.nio.file.Path pem = baseDir.resolve(file).toAbsolutePath().normalize();
            if (!java.nio.file.Files.isReadable(pem)) {
                throw k.fail(k.entry("key").value(), "cannot read the DKIM private key " + pem);
            }
            keys.add(new DkimConfig.Key(domain, selector, pem.toString()));
        }
        if (keys.isEmpty()) {
            throw ConfigSection.error(source, s.has("keys") ? s.entry("keys").value().mark() : s.mark(),
                    "dkim: needs at least one entry under keys: (domain, selector, key)");
        }
        return new DkimConfig(keys, c, headers);
    }

    /**
     * Top-level keys starting "x-" are ignored, as in Docker Compose: a place to define anchors
     * (x-big-receiver: &big {max_connections: 20}) that shaping rules merge with <<: *big.
     */
    private static YamlNode withoutExtensions(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping m)) {
            return root;
        }
        Map<String, YamlNode.Entry> kept = new LinkedHashMap<>(m.entries());
        kept.keySet().removeIf(key -> key.startsWith("x-"));
        return new YamlNode.Mapping(kept, m.mark());
    }

    /** Shaping keys at the top level are a common slip; say where they belong. */
    private void misplacedShapingKey(YamlNode root) {
        if (root instanceof YamlNode.Mapping m) {
            for (YamlNode.Entry e : m.entries().values()) {
                if (ShapingReader.KEYS.contains(e.key())) {
                    throw ConfigSection.error(source, e.keyMark(), "unknown key '" + e.key()
                            + "' at the top level; shaping keys go under defaults: (or in a shaping: rule)");
                }
            }
        }
    }

    private String ehlo(ConfigSection top) {
        String name = top.text("ehlo", SalvoConfig.DEFAULT_EHLO).trim();
        // RFC 5321 §4.1.3: an address literal in brackets stands in for a host with no name.
        boolean literal = name.startsWith("[") && name.endsWith("]") && name.length() > 2;
        String normal = DomainPattern.normalize(name);
        if (!literal && (normal == null || normal.startsWith("*"))) {
            throw top.fail(top.entry("ehlo").value(), "ehlo must be this host's fully qualified domain name"
                    + " (ideally the PTR name of the sending IP), got '" + name + "'");
        }
        return name;
    }

    private RetryPolicy retry(ConfigSection s) {
        RetryPolicy d = RetryPolicy.DEFAULT;
        RetryPolicy r = new RetryPolicy(
                s.duration("initial", Duration.ofSeconds(1), Duration.ofDays(1), d.initial()),
                s.decimal("factor", 1.0, 10.0, d.factor()),
                s.duration("max_interval", Duration.ofSeconds(1), Duration.ofDays(7), d.maxInterval()),
                s.decimal("jitter", 0.0, 1.0, d.jitter()),
                s.duration("max_age", Duration.ofMinutes(1), Duration.ofDays(30), d.maxAge()));
        if (r.maxInterval().compareTo(r.initial()) < 0) {
            YamlNode at = s.has("max_interval") ? s.entry("max_interval").value() : s.entry("initial").value();
            throw s.fail(at, "max_interval (" + DurationText.format(r.maxInterval()) + ") must not be shorter than initial ("
                    + DurationText.format(r.initial()) + ")");
        }
        if (r.maxAge().compareTo(r.initial()) < 0) {
            YamlNode at = s.has("max_age") ? s.entry("max_age").value() : s.entry("initial").value();
            throw s.fail(at, "max_age (" + DurationText.format(r.maxAge()) + ") must not be shorter than initial ("
                    + DurationText.format(r.initial()) + "), or no retry would ever happen");
        }
        return r;
    }

    private List<RollupRule> rollup(List<YamlNode> items) {
        List<RollupRule> rules = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode item : items) {
            ConfigSection s = ConfigSection.of(source, "a rollup rule", item, item.mark(), ROLLUP_KEYS);
            if (!s.has("mx") || !s.has("site")) {
                throw ConfigSection.error(source, s.mark(), "a rollup rule needs mx: (a pattern such as \"*.google.com\") and site: (a name such as google)");
            }
            YamlNode mxNode = s.entry("mx").value();
            String mxText = s.scalar(mxNode, "mx must be an MX host pattern such as \"*.google.com\"");
            String mx = DomainPattern.normalize(mxText);
            if (mx == null || mx.equals("*")) {
                throw s.fail(mxNode, "mx must be an MX host pattern such as \"*.google.com\" or mx1.example.net, got '" + mxText + "'");
            }
            Integer earlier = seen.putIfAbsent(mx, mxNode.mark().line());
            if (earlier != null) {
                throw s.fail(mxNode, "'" + mx + "' already rolls up on line " + earlier + "; each mx pattern may appear once");
            }
            YamlNode siteNode = s.entry("site").value();
            String site = s.scalar(siteNode, "site must be a name such as google");
            if (!DomainPattern.isSiteName(site)) {
                throw s.fail(siteNode, "site must be one lower-case word (letters, digits, - and _, no dots) such as google, got '" + site + "'");
            }
            rules.add(new RollupRule(mx, site));
        }
        return rules;
    }

    private List<ShapingRule> shaping(List<YamlNode> items, Shaping defaults, List<RollupRule> rollup) {
        Set<String> sites = new LinkedHashSet<>();
        rollup.forEach(r -> sites.add(r.site()));
        List<ShapingRule> rules = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (YamlNode item : items) {
            ConfigSection s = ConfigSection.of(source, "a shaping rule", item, item.mark(), SHAPING_RULE_KEYS);
            YamlNode.Entry matchEntry = s.entry("match");
            if (matchEntry == null) {
                throw ConfigSection.error(source, s.mark(), "a shaping rule needs match: a rollup site such as google, or a domain pattern such as example.com");
            }
            String match = match(s, matchEntry.value(), sites);
            Integer earlier = seen.putIfAbsent(match, matchEntry.value().mark().line());
            if (earlier != null) {
                throw s.fail(matchEntry.value(), "'" + match + "' already has a shaping rule on line " + earlier + "; merge the two");
            }
            rules.add(new ShapingRule(match, ShapingReader.read(s, defaults)));
        }
        return rules;
    }

    private static String match(ConfigSection s, YamlNode node, Set<String> sites) {
        String text = s.scalar(node, "match must be a rollup site such as google, or a domain pattern such as example.com").trim();
        if (text.equals("*")) {
            throw s.fail(node, "match: \"*\" would be every destination; put those limits under defaults: instead");
        }
        if (DomainPattern.isSiteName(text.toLowerCase(java.util.Locale.ROOT))) {
            String site = text.toLowerCase(java.util.Locale.ROOT);
            if (sites.isEmpty()) {
                throw s.fail(node, "match '" + text + "' names a rollup site, but rollup is empty; match a domain pattern such as example.com");
            }
            if (!sites.contains(site)) {
                throw s.fail(node, "match '" + text + "' is not a site in rollup" + Spelling.suggest(site, sites)
                        + "; expected one of " + String.join(", ", sites) + ", or a domain pattern such as example.com");
            }
            return site;
        }
        String pattern = DomainPattern.normalize(text);
        if (pattern == null) {
            throw s.fail(node, "match must be a rollup site such as google, or a domain pattern such as example.com, got '" + text + "'");
        }
        return pattern;
    }

    private TestMode testMode(ConfigSection s) {
        YamlNode.Entry e = s.entry("mx_override");
        if (e == null) {
            return TestMode.OFF;
        }
        if (!(e.value() instanceof YamlNode.Mapping m)) {
            throw s.fail(e.value(), "mx_override must map domain patterns to host:port, as \"*\": 127.0.0.1:2525");
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (YamlNode.Entry o : m.entries().values()) {
            String pattern = DomainPattern.normalize(o.key());
            if (pattern == null) {
                throw ConfigSection.error(source, o.keyMark(), "mx_override keys must be domain patterns such as \"*\" or example.com, got '" + o.key() + "'");
            }
            String target = s.scalar(o.value(), "mx_override values must be host:port, as 127.0.0.1:2525");
            if (!HostPort.isValid(target)) {
                throw s.fail(o.value(), "mx_override values must be host:port, as 127.0.0.1:2525 or [::1]:2525, got '" + target + "'");
            }
            if (overrides.put(pattern, target.trim()) != null) {
                throw ConfigSection.error(source, o.keyMark(), "'" + pattern + "' appears twice in mx_override");
            }
        }
        return new TestMode(overrides);
    }
}
