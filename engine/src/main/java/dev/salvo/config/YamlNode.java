package dev.salvo.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML tree that remembers where each node and key stands in the file, so that every error
 * can point at its line and column. Jackson's JsonNode forgets locations.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    Mark mark();

    /** Line and column, both counted from 1. */
    record Mark(int line, int column) {}

    /** A scalar as written; text is null for an empty value or "~". */
    record Scalar(String text, Mark mark) implements YamlNode {}

    /** Keys in file order. */
    record Mapping(Map<String, Entry> entries, Mark mark) implements YamlNode {}

    record Entry(String key, Mark keyMark, YamlNode value) {}

    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {}

    /** What a person would call this kind of node, for "expected a list, got a mapping". */
    static String kind(YamlNode node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        String text = ((Scalar) node).text();
        return text == null ? "nothing" : "'" + text + "'";
    }
}
