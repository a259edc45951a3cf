package dev.salvo.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.config.BounceRulesLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PhraseSetTest {
    private static List<Integer> found(PhraseSet set, String text) {
        long[] bits = new long[set.words()];
        set.scan(text, bits);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if ((bits[i >>> 6] & 1L << i) != 0) {
                ids.add(i);
            }
        }
        return ids;
    }

    @Test
    void findsOverlappingAndNestedPhrasesIgnoringCase() {
        PhraseSet set = new PhraseSet(List.of("he", "She", "his", "HERS", "user unknown", "unknown"));
        assertThat(found(set, "USHERS")).containsExactly(0, 1, 3);
        assertThat(found(set, "550 5.1.1 User Unknown in local table")).containsExactly(4, 5);
        assertThat(found(set, "nothing here? h")).containsExactly(0); // "here" holds "he"
        assertThat(found(set, "")).isEmpty();
        assertThat(found(set, "caf\u00e9 \u2603")).isEmpty();
    }

    @Test
    void agreesWithANaiveScanOnRandomTexts() {
        List<String> phrases = List.of("ab", "abc", "bca", "caa", "a", "cc", "bb", "abcab");
        PhraseSet set = new PhraseSet(phrases);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = random.nextInt(20); i > 0; i--) {
                sb.append("abcABx".charAt(random.nextInt(6)));
            }
            String text = sb.toString();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < phrases.size(); i++) {
                if (text.toLowerCase().contains(phrases.get(i))) {
                    expected.add(i);
                }
            }
            assertThat(found(set, text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void theShippedRulesArePhrasesOnlySoOnePassDecidesEveryText() {
        for (BounceRule r : BounceRulesLoader.defaults().rules()) {
            if (r.text() != null) {
                assertThat(r.text()).as("rule %s: %s", r.result().rule(), r.text().source()).isInstanceOf(TextPattern.Literal.class);
            }
        }
        assertThat(TextPattern.alternatives("(a|b\\.c)")).containsExactly("a", "b.c");
        assertThat(TextPattern.alternatives("\\[BL21\\]")).containsExactly("[BL21]");
        assertThat(TextPattern.alternatives("a\\d")).isNull();
        assertThat(TextPattern.alternatives("(a|)")).isNull();
        assertThat(TextPattern.alternatives("ab?")).isNull();
    }
}
