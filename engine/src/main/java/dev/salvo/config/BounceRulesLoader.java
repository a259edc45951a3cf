package dev.salvo.config;

import dev.salvo.bounce.BounceClass;
import dev.salvo.bounce.BounceRule;
import dev.salvo.bounce.Classification;
import dev.salvo.bounce.Classifier;
import dev.salvo.bounce.CodePattern;
import dev.salvo.bounce.Disposition;
import dev.salvo.bounce.EnhancedPattern;
import dev.salvo.bounce.TextPattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads bounce rules (config/bounce-rules.yaml) into a {@link Classifier}. Salvo ships a default
 * set as a classpath resource. A user's file is read first and its rules come before the defaults:
 * the first matching rule wins, so a user rule overrides a default for the replies it matches and
 * the defaults still cover the rest. {@code include_defaults: false} in the user's file drops them.
 * Errors name the file, line and column, like salvo.yaml's.
 */
public final class BounceRulesLoader {
    /** The shipped rules, also copied to config/bounce-rules.yaml with the same comments. */
    public static final String DEFAULTS_RESOURCE = "/dev/salvo/bounce/default-bounce-rules.yaml";
    private static final List<String> TOP_KEYS = List.of("include_defaults", "rules");
    private static final List<String> RULE_KEYS = List.of("code", "enhanced", "text", "class", "disposition", "suppress");
    private static final String CLASSES = Arrays.stream(BounceClass.values()).map(BounceClass::wireName)
            .collect(Collectors.joining(", "));

    private BounceRulesLoader() {}

    /** The shipped rules alone. */
    public static Classifier defaults() {
        return new Classifier(defaultRules());
    }

    /** The user's rules, then (unless it says include_defaults: false) the shipped ones. */
    public static Classifier load(Path userFile) {
        String text;
        try {
            text = Files.readString(userFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(userFile.toString(), "cannot read the bounce rules: " + e, e);
        }
        return parse(text, userFile.toString());
    }

    /** As {@link #load}, from text; {@code source} starts each error message. */
    public static Classifier parse(String yaml, String source) {
        Read user = read(yaml, source);
        List<BounceRule> all = new ArrayList<>(user.rules);
        if (user.includeDefaults) {
            all.addAll(defaultRules());
        }
        return new Classifier(all);
    }

    static List<BounceRule> defaultRules() {
        try (InputStream in = BounceRulesLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default bounce rules " + DEFAULTS_RESOURCE + " are missing from the jar");
            }
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-bounce-rules.yaml").rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Read(List<BounceRule> rules, boolean includeDefaults) {}

    private static Read read(String yaml, String source) {
        String name = Path.of(source).getFileName() == null ? source : Path.of(source).getFileName().toString();
        YamlNode root = YamlTree.read(yaml, source);
        ConfigSection top = ConfigSection.of(source, "the bounce rules' top level", root, new YamlNode.Mark(1, 1), TOP_KEYS);
        boolean includeDefaults = true;
        if (top.has("include_defaults")) {
            YamlNode v = top.entry("include_defaults").value();
            String t = top.scalar(v, "include_defaults must be true or false").trim();
            if (!t.equals("true") && !t.equals("false")) {
                throw top.fail(v, "include_defaults must be true or false, got '" + t + "'");
            }
            includeDefaults = t.equals("true");
        }
        List<BounceRule> rules = new ArrayList<>();
        for (YamlNode item : top.list("rules")) {
            rules.add(rule(source, name, item));
        }
        return new Read(rules, includeDefaults);
    }

    private static BounceRule rule(String source, String name, YamlNode item) {
        ConfigSection s = ConfigSection.of(source, "a bounce rule", item, item.mark(), RULE_KEYS);
        if (!s.has("code") && !s.has("enhanced") && !s.has("text")) {
            throw ConfigSection.error(source, s.mark(), "a bounce rule needs at least one of code: (550, 55x, 5xx),"
                    + " enhanced: (5.1.1, 5.7.*) or text: (a phrase or regex); a rule without them would match every reply");
        }
        CodePattern code = CodePattern.ANY;
        if (s.has("code")) {
            YamlNode v = s.entry("code").value();
            String t = s.scalar(v, "code must be a reply code such as 550, 55x or 5xx");
            code = CodePattern.parse(t);
            if (code == null || code.low() < 400) {
                throw s.fail(v, "code must be a 4xx or 5xx reply code such as 550, 55x or 5xx, got '" + t + "'");
            }
        }
        EnhancedPattern enhanced = EnhancedPattern.ANY;
        if (s.has("enhanced")) {
            YamlNode v = s.entry("enhanced").value();
            String t = s.scalar(v, "enhanced must be an enhanced status code such as 5.1.1 or 5.7.*");
            enhanced = EnhancedPattern.parse(t);
            if (enhanced == null) {
                throw s.fail(v, "enhanced must be an RFC 3463 status code such as 5.1.1, 5.7.* or *.7.26, got '" + t + "'");
            }
        }
        TextPattern text = null;
        if (s.has("text")) {
            YamlNode v = s.entry("text").value();
            String t = s.scalar(v, "text must be a phrase or a regular expression");
            try {
                text = TextPattern.of(t);
            } catch (PatternSyntaxException e) {
                throw s.fail(v, "text is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                        + " of '" + t + "' (escape ( ) [ ] . ? * + with a backslash to match them as written)");
            }
        }
        if (!s.has("class")) {
            throw ConfigSection.error(source, s.mark(), "a bounce rule needs class: one of " + CLASSES);
        }
        YamlNode cv = s.entry("class").value();
        String ct = s.scalar(cv, "class must be one of " + CLASSES);
        BounceClass cls = BounceClass.parse(ct);
        if (cls == null) {
            throw s.fail(cv, "unknown class '" + ct + "'; expected one of " + CLASSES);
        }
        if (!s.has("disposition")) {
            throw ConfigSection.error(source, s.mark(), "a bounce rule needs disposition: hard, soft or block");
        }
        YamlNode dv = s.entry("disposition").value();
        String dt = s.scalar(dv, "disposition must be hard, soft or block");
        Disposition disposition = Disposition.parse(dt);
        if (disposition == null) {
            throw s.fail(dv, "disposition must be hard (final), soft (retry) or block (slow down and retry), got '" + dt + "'");
        }
        boolean suppress = cls.aboutTheAddress();
        if (s.has("suppress")) {
            YamlNode v = s.entry("suppress").value();
            String t = s.scalar(v, "suppress must be true or false").trim();
            if (!t.equals("true") && !t.equals("false")) {
                throw s.fail(v, "suppress must be true or false, got '" + t + "'");
            }
            suppress = t.equals("true");
        }
        return new BounceRule(code, enhanced, text,
                new Classification(cls, disposition, suppress, name + ":" + s.mark().line()));
    }
}
