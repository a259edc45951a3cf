package dev.salvo.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.route.MxAnswer.MxRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MxOrderingTest {
    private static final List<MxRecord> RECORDS = List.of(
            new MxRecord("backup.test", 50), new MxRecord("c.test", 10), new MxRecord("a.test", 10),
            new MxRecord("primary.test", 1), new MxRecord("b.test", 10), new MxRecord("d.test", 10));

    private static List<String> hosts(List<MxRecord> records) {
        return records.stream().map(MxRecord::host).toList();
    }

    @Test
    void preferencesStayInOrderWhateverTheShuffle() {
        for (int seed = 0; seed < 50; seed++) {
            List<MxRecord> ordered = MxOrdering.order(RECORDS, new Random(seed));
            assertThat(ordered).extracting(MxRecord::preference).containsExactly(1, 10, 10, 10, 10, 50);
            assertThat(hosts(ordered).subList(1, 5)).containsExactlyInAnyOrder("a.test", "b.test", "c.test", "d.test");
        }
    }

    @Test
    void oneSeedGivesOneOrderWhateverTheServersListingOrder() {
        List<MxRecord> reversed = new ArrayList<>(RECORDS);
        Collections.reverse(reversed);

        assertThat(hosts(MxOrdering.order(RECORDS, new Random(7)))).isEqualTo(hosts(MxOrdering.order(reversed, new Random(7))));
    }

    @Test
    void equalPreferencesAreActuallySpread() {
        // One Random across lookups, as the resolver holds it (first draws of nearby seeds are correlated).
        Random random = new Random(42);
        Set<String> firstOfTheTens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            firstOfTheTens.add(hosts(MxOrdering.order(RECORDS, random)).get(1));
        }
        assertThat(firstOfTheTens).containsExactlyInAnyOrder("a.test", "b.test", "c.test", "d.test");
    }

    @Test
    void aHostListedTwiceKeepsItsLowestPreference() {
        List<MxRecord> ordered = MxOrdering.order(
                List.of(new MxRecord("mx.test", 20), new MxRecord("mx.test", 10), new MxRecord("other.test", 15)), new Random(1));

        assertThat(ordered).containsExactly(new MxRecord("mx.test", 10), new MxRecord("other.test", 15));
    }
}
