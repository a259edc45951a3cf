package dev.salvo.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.config.BounceRulesLoader;
import dev.salvo.config.ConfigException;
import dev.salvo.smtp.SmtpReply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BounceRulesLoaderTest {

    @Test
    void theCommentedCopyInConfigIsTheShippedDefaultSet() throws IOException {
        // config/bounce-rules.yaml is what people read; the classpath resource is what runs. They must not drift.
        String shipped;
        try (InputStream in = BounceRulesLoader.class.getResourceAsStream(BounceRulesLoader.DEFAULTS_RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(Path.of("../config/bounce-rules.yaml"))).isEqualTo(shipped);
        assertThat(BounceRulesLoader.defaults().rules()).hasSizeGreaterThan(100);
    }

    @Test
    void userRulesComeFirstAndTheDefaultsStillCoverTheRest(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                rules:
                  # our relay says 550 5.1.1 for a mailbox that is only being migrated
                  - {code: 550, enhanced: 5.1.1, text: "migrating", class: transient-failure, disposition: soft}
                """);
        Classifier c = BounceRulesLoader.load(file);
        Classification migrating = c.classify(550, "5.1.1", "mailbox is migrating, try later");
        assertThat(migrating.disposition()).isEqualTo(Disposition.SOFT);
        assertThat(migrating.rule()).isEqualTo("mine.yaml:3");
        Classification unknown = c.classify(550, "5.1.1", "User unknown in local recipient table");
        assertThat(unknown.bounceClass()).isEqualTo(BounceClass.INVALID_RECIPIENT);
        assertThat(unknown.suppresses()).isTrue();
        assertThat(unknown.rule()).startsWith("default-bounce-rules.yaml:");
    }

    @Test
    void includeDefaultsFalseLeavesOnlyTheUsersRulesAndTheCodeFallback() {
        Classifier c = BounceRulesLoader.parse("""
                include_defaults: false
                rules:
                  - {code: 5xx, text: "nope", class: spam-content, disposition: hard, suppress: true}
                """, "only.yaml");
        assertThat(c.rules()).hasSize(1);
        assertThat(c.classify(550, "5.7.1", "nope").suppresses()).isTrue();
        assertThat(c.classify(550, "5.1.1", "User unknown")).isSameAs(Classifier.UNKNOWN_PERMANENT);
        assertThat(c.classify(451, null, "whatever")).isSameAs(Classifier.UNKNOWN_TRANSIENT);
        assertThat(c.classify(250, null, "ok")).isNull();
    }

    @Test
    void aRuleForA5xxCanMakeItRetriedAndA4xxFinal() {
        Classifier c = BounceRulesLoader.defaults();
        assertThat(c.classify(550, null, "Connection frequency limited").disposition()).isEqualTo(Disposition.BLOCK);
        assertThat(c.classify(421, "4.7.0", "[TS03] All messages from 1.2.3.4 will be permanently deferred; Retrying will NOT succeed")
                .disposition()).isEqualTo(Disposition.HARD);
    }

    @Test
    void classifyingAReplyObjectReadsAllItsLines() {
        Classifier c = BounceRulesLoader.defaults();
        SmtpReply reply = SmtpReply.local(550, "5.7.1", "Service unavailable, Client host [1.2.3.4] blocked using Spamhaus");
        assertThat(c.classify(reply).bounceClass()).isEqualTo(BounceClass.SPAM_BLOCK);
    }

    @Test
    void unparsableEnhancedCodesCountAsNone() {
        Classifier c = BounceRulesLoader.defaults();
        assertThat(c.classify(550, "5.1", "x").bounceClass()).isEqualTo(BounceClass.UNCATEGORIZED);
        assertThat(c.classify(550, "a.b.c", "User unknown").bounceClass()).isEqualTo(BounceClass.INVALID_RECIPIENT);
        assertThat(c.classify(550, "5.1.1", null).bounceClass()).isEqualTo(BounceClass.INVALID_RECIPIENT);
    }

    @Test
    void patternsMatchAsDocumented() {
        assertThat(CodePattern.parse("5xx")).isEqualTo(new CodePattern(500, 599));
        assertThat(CodePattern.parse("55x")).isEqualTo(new CodePattern(550, 559));
        assertThat(CodePattern.parse("421")).isEqualTo(new CodePattern(421, 421));
        assertThat(CodePattern.parse("5x1")).isNull();
        assertThat(CodePattern.parse("650")).isNull();
        EnhancedPattern ms = EnhancedPattern.parse("4.7.5*");
        assertThat(ms.matches(4, 7, 500)).isTrue();
        assertThat(ms.matches(4, 7, 5)).isTrue();
        assertThat(ms.matches(4, 7, 650)).isFalse();
        assertThat(ms.matches(-1, -1, -1)).isFalse();
        assertThat(EnhancedPattern.parse("*.7.26").matches(5, 7, 26)).isTrue();
        assertThat(EnhancedPattern.parse("*").matches(-1, -1, -1)).isTrue();
        assertThat(EnhancedPattern.parse("5.7")).isNull();
        assertThat(TextPattern.of("User unknown")).isInstanceOf(TextPattern.Literal.class);
        assertThat(TextPattern.of("User unknown").foundIn("550 user UNKNOWN here")).isTrue();
        assertThat(TextPattern.of("\\[BL2\\d\\]").foundIn("[BL21] no")).isTrue();
    }

    @Test
    void errorsNameTheFileLineAndColumnAndWhatWasExpected() {
        assertError("""
                rules:
                  - {code: 550, class: invalid-recipent, disposition: hard}
                """, "r.yaml:2:24: unknown class 'invalid-recipent'; expected one of invalid-recipient, bad-domain");
        assertError("""
                rules:
                  - code: 550
                    class: invalid-recipient
                    disposition: final
                """, "r.yaml:4:18: disposition must be hard (final), soft (retry) or block (slow down and retry), got 'final'");
        assertError("""
                rules:
                  - {code: 650, class: invalid-recipient, disposition: hard}
                """, "r.yaml:2:12: code must be a 4xx or 5xx reply code such as 550, 55x or 5xx, got '650'");
        assertError("""
                rules:
                  - {code: 550, enhanced: "5.1", class: invalid-recipient, disposition: hard}
                """, "r.yaml:2:27: enhanced must be an RFC 3463 status code");
        assertError("""
                rules:
                  - {code: 550, text: "[BL21", class: spam-block, disposition: block}
                """, "r.yaml:2:23: text is not a valid regular expression");
        assertError("""
                rules:
                  - {class: spam-block, disposition: block}
                """, "r.yaml:2:5: a bounce rule needs at least one of code:");
        assertError("""
                rules:
                  - {code: 550, disposition: block}
                """, "r.yaml:2:5: a bounce rule needs class:");
        assertError("""
                rules:
                  - {code: 550, class: spam-block, disposition: block, supress: false}
                """, "r.yaml:2:56: unknown key 'supress' in a bounce rule");
        assertError("""
                rule:
                  - {code: 550, class: spam-block, disposition: block}
                """, "r.yaml:1:1: unknown key 'rule'");
        assertError("rules:\n  - {code: 550\n", "r.yaml:3:1: not valid YAML");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> BounceRulesLoader.parse(yaml, "r.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }
}
