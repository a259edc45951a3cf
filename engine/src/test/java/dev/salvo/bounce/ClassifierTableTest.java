package dev.salvo.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.config.BounceRulesLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default rules against real reply lines (src/test/resources/bounce/reply-lines.tsv): each line
 * with the class and disposition an operator would give it, and where the reply comes from.
 */
class ClassifierTableTest {
    private static final Classifier DEFAULTS = BounceRulesLoader.defaults();
    /** "550 5.1.1 text", "550-5.1.1 text", "550 text": the code, an optional enhanced code, the text. */
    private static final Pattern LINE = Pattern.compile("(\\d{3})[ -](?:(\\d\\.\\d{1,3}\\.\\d{1,3}) )?(.*)");

    static Stream<Arguments> table() throws IOException {
        try (InputStream in = ClassifierTableTest.class.getResourceAsStream("/bounce/reply-lines.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            return lines.stream().map(l -> {
                String[] f = l.split("\t");
                assertThat(f).as("four tab-separated fields: %s", l).hasSize(4);
                return Arguments.of(f[0], f[1], f[2], f[3]);
            });
        }
    }

    @Test
    void theTableHasAtLeastAHundredLinesFromManySources() throws IOException {
        List<Arguments> rows = table().toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(100);
        assertThat(rows.stream().map(a -> ((String) a.get()[3]).split("[ ,]")[0]).distinct().count()).isGreaterThanOrEqualTo(20);
        // Every class but "uncategorized" is reached by some line, and every disposition.
        for (BounceClass c : BounceClass.values()) {
            assertThat(rows).as("a line of class %s", c.wireName()).anyMatch(a -> a.get()[1].equals(c.wireName()));
        }
        for (Disposition d : Disposition.values()) {
            assertThat(rows).anyMatch(a -> a.get()[2].equals(d.wireName()));
        }
    }

    @ParameterizedTest(name = "{3}: {0}")
    @MethodSource("table")
    void eachReplyGetsItsClassAndDisposition(String reply, String expectedClass, String expectedDisposition, String source) {
        Matcher m = LINE.matcher(reply);
        assertThat(m.matches()).as("a reply line: %s", reply).isTrue();
        Classification c = DEFAULTS.classify(Integer.parseInt(m.group(1)), m.group(2), m.group(3));
        assertThat(c).as("%s", reply).isNotNull();
        assertThat(c.bounceClass().wireName() + " " + c.disposition().wireName())
                .as("%s (source %s), decided by %s", reply, source, c.rule())
                .isEqualTo(expectedClass + " " + expectedDisposition);
    }
}
