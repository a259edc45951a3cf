package dev.salvo.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One mapping of salvo.yaml with the keys it may hold. Unknown keys fail on construction; each
 * getter checks its value's type and range and fails pointing at the value.
 */
final class ConfigSection {
    private final String source;
    private final YamlNode.Mapping mapping;

    private ConfigSection(String source, YamlNode.Mapping mapping) {
        this.source = source;
        this.mapping = mapping;
    }

    /** The node as a section, or an empty one when null (left out, or written "key:" with nothing). */
    static ConfigSection of(String source, String name, YamlNode node, YamlNode.Mark where, List<String> keys) {
        if (node == null || node instanceof YamlNode.Scalar s && s.text() == null) {
            YamlNode.Mark m = node == null ? where : node.mark();
            return new ConfigSection(source, new YamlNode.Mapping(Map.of(), m));
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw error(source, node.mark(), name + " must be a mapping of keys to values, got " + YamlNode.kind(node));
        }
        for (YamlNode.Entry e : mapping.entries().values()) {
            if (keys.isEmpty()) {
                throw error(source, e.keyMark(), name + " takes no keys; write " + name + ": {}");
            }
            if (!keys.contains(e.key())) {
                throw error(source, e.keyMark(), "unknown key '" + e.key() + "' in " + name
                        + Spelling.suggest(e.key(), keys) + "; expected one of " + String.join(", ", keys));
            }
        }
        return new ConfigSection(source, mapping);
    }

    YamlNode.Mark mark() {
        return mapping.mark();
    }

    boolean has(String key) {
        return mapping.entries().containsKey(key);
    }

    /** The entry, or null when left out. */
    YamlNode.Entry entry(String key) {
        return mapping.entries().get(key);
    }

    /** A nested section; empty when left out. */
    ConfigSection section(String key, List<String> keys) {
        YamlNode.Entry e = entry(key);
        return of(source, key, e == null ? null : e.value(), e == null ? mark() : e.keyMark(), keys);
    }

    /** The items of a list; empty when left out or written "key:" with nothing. */
    List<YamlNode> list(String key) {
        YamlNode.Entry e = entry(key);
        if (e == null || e.value() instanceof YamlNode.Scalar s && s.text() == null) {
            return List.of();
        }
        if (!(e.value() instanceof YamlNode.Sequence seq)) {
            throw fail(e.value(), key + " must be a list (items start with '- '), got " + YamlNode.kind(e.value()));
        }
        return seq.items();
    }

    String text(String key, String fallback) {
        YamlNode.Entry e = entry(key);
        return e == null ? fallback : scalar(e.value(), key + " must be text");
    }

    int integer(String key, int min, int max, int fallback) {
        return value(key, fallback, key + " must be a whole number from " + min + " to " + max, text -> {
            if (!text.matches("-?\\d{1,10}") || Long.parseLong(text) < min || Long.parseLong(text) > max) {
                return null;
            }
            return Integer.parseInt(text);
        });
    }

    double decimal(String key, double min, double max, double fallback) {
        return value(key, fallback, key + " must be a number from " + min + " to " + max, text -> {
            try {
                double value = Double.parseDouble(text);
                return value >= min && value <= max ? value : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        });
    }

    Duration duration(String key, Duration min, Duration max, Duration fallback) {
        String expected = key + " must be a duration from " + DurationText.format(min) + " to "
                + DurationText.format(max) + " written as a number and a unit (250ms, 30s, 5m, 4h, 3d)";
        return value(key, fallback, expected, text -> {
            Duration d = DurationText.parse(text);
            return d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0 ? null : d;
        });
    }

    /** A scalar read by {@code parse}, which answers null when the text is not what was expected. */
    private <T> T value(String key, T fallback, String expected, Function<String, T> parse) {
        YamlNode.Entry e = entry(key);
        if (e == null) {
            return fallback;
        }
        String text = scalar(e.value(), expected);
        T value = parse.apply(text);
        if (value == null) {
            throw fail(e.value(), expected + ", got '" + text + "'");
        }
        return value;
    }

    /** The text of a scalar; fails with the expectation when the node is empty, a list or a mapping. */
    String scalar(YamlNode node, String expected) {
        if (node instanceof YamlNode.Scalar s && s.text() != null) {
            return s.text();
        }
        throw fail(node, expected + ", got " + YamlNode.kind(node));
    }

    ConfigException fail(YamlNode node, String message) {
        return error(source, node.mark(), message);
    }

    static ConfigException error(String source, YamlNode.Mark at, String message) {
        return new ConfigException(source, at.line(), at.column(), message);
    }
}
