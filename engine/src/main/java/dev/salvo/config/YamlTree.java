package dev.salvo.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads YAML text into {@link YamlNode}s with Jackson's streaming YAML parser. */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** YAML 1.1 merge key: "<<: *shared" copies the keys of an anchored mapping that this one lacks. */
    private static final String MERGE_KEY = "<<";

    private final YAMLParser parser;
    private final String source;
    /** Anchored nodes ("&name"), for aliases ("*name") further down. */
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlTree(YAMLParser parser, String source) {
        this.parser = parser;
        this.source = source;
    }

    /** The document's root, or null for an empty document. */
    static YamlNode read(String yaml, String source) {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            YamlTree tree = new YamlTree(parser, source);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = tree.node(first);
            if (parser.nextToken() != null) {
                throw tree.error(parser.currentTokenLocation(), "salvo.yaml holds one YAML document; remove the second '---'");
            }
            return root;
        } catch (StreamReadException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                throw syntax(source, m);
            }
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage().lines().findFirst().orElse("not valid YAML");
            throw at == null ? new ConfigException(source, "not valid YAML: " + why, e)
                    : new ConfigException(source, at.getLineNr(), at.getColumnNr(), "not valid YAML: " + why);
        } catch (IOException e) {
            throw new ConfigException(source, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * SnakeYAML's own marks are more precise than Jackson's location: the problem is where the
     * parser gave up, and the context is the construct it was inside.
     */
    private static ConfigException syntax(String source, MarkedYAMLException m) {
        Mark problem = m.getProblemMark();
        Mark context = m.getContextMark();
        String where = m.getContext() == null || context == null ? ""
                : " (" + m.getContext() + " from line " + (context.getLine() + 1) + ", column " + (context.getColumn() + 1) + ")";
        return new ConfigException(source, problem.getLine() + 1, problem.getColumn() + 1,
                "not valid YAML: " + m.getProblem() + where);
    }

    private YamlNode node(JsonToken token) throws IOException {
        YamlNode.Mark mark = mark(parser.currentTokenLocation());
        if (parser.isCurrentAlias()) {
            YamlNode target = anchors.get(parser.getText());
            if (target == null) {
                // Jackson reports anchors on mappings and lists only, so a scalar's anchor never arrives here.
                throw new ConfigException(source, mark.line(), mark.column(), "alias *" + parser.getText()
                        + " names no anchored mapping or list above it; define &" + parser.getText()
                        + " on a mapping or list first (anchors on single values are not supported)");
            }
            return target;
        }
        Object anchor = parser.getObjectId();
        YamlNode node = value(token, mark);
        if (anchor != null) {
            anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private YamlNode value(JsonToken token, YamlNode.Mark mark) throws IOException {
        switch (token) {
            case START_OBJECT:
                return mapping(mark);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    items.add(node(t));
                }
                return new YamlNode.Sequence(List.copyOf(items), mark);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, mark);
            default:
                return new YamlNode.Scalar(parser.getText(), mark);
        }
    }

    private YamlNode mapping(YamlNode.Mark mark) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        List<YamlNode> merges = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            YamlNode.Mark keyMark = mark(parser.currentTokenLocation());
            YamlNode value = node(parser.nextToken());
            if (key.equals(MERGE_KEY)) {
                merges.addAll(value instanceof YamlNode.Sequence seq ? seq.items() : List.of(value));
                continue;
            }
            YamlNode.Entry earlier = entries.putIfAbsent(key, new YamlNode.Entry(key, keyMark, value));
            if (earlier != null) {
                throw new ConfigException(source, keyMark.line(), keyMark.column(),
                        "'" + key + "' appears twice in this mapping; the first is on line " + earlier.keyMark().line());
            }
        }
        // Keys written in this mapping win over merged ones, and earlier merges over later ones.
        for (YamlNode merged : merges) {
            if (!(merged instanceof YamlNode.Mapping m)) {
                throw new ConfigException(source, merged.mark().line(), merged.mark().column(),
                        "<< merges a mapping, such as <<: *shared_limits; got " + YamlNode.kind(merged));
            }
            m.entries().forEach(entries::putIfAbsent);
        }
        return new YamlNode.Mapping(entries, mark);
    }

    private ConfigException error(JsonLocation at, String message) {
        YamlNode.Mark mark = mark(at);
        return new ConfigException(source, mark.line(), mark.column(), message);
    }

    private static YamlNode.Mark mark(JsonLocation at) {
        return new YamlNode.Mark(at.getLineNr(), at.getColumnNr());
    }
}
