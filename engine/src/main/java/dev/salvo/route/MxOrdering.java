package dev.salvo.route;

import dev.salvo.route.MxAnswer.MxRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The order in which to try a domain's MX hosts. */
final class MxOrdering {
    private static final Comparator<MxRecord> BY_PREFERENCE_THEN_NAME =
            Comparator.comparingInt(MxRecord::preference).thenComparing(MxRecord::host);

    private MxOrdering() {}

    /**
     * RFC 5321 §5.1: lowest preference first; hosts of equal preference in random order, to spread
     * load as the domain intends. Sorting by name first makes the result depend only on the set of
     * records and the random source, not on the order the server listed them. A host listed twice
     * keeps its lowest preference.
     */
    static List<MxRecord> order(List<MxRecord> records, Random random) {
        List<MxRecord> sorted = new ArrayList<>(records);
        sorted.sort(BY_PREFERENCE_THEN_NAME);
        Set<String> seen = new HashSet<>();
        sorted.removeIf(r -> !seen.add(r.host()));
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || sorted.get(i).preference() != sorted.get(start).preference()) {
                if (i - start > 1) {
                    Collections.shuffle(sorted.subList(start, i), random);
                }
                start = i;
            }
        }
        return sorted;
    }
}
