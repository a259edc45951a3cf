package dev.salvo.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Caps the distinct values of the {@code class} label. Bounce classes come from a catalogue of a few
 * dozen, but a rule file could name them freely; past the cap a class is counted as "other".
 */
final class BounceClassLabels {
    static final String OTHER = "other";
    static final String NONE = "none";

    private final int max;
    private final Set<String> known = new HashSet<>();

    BounceClassLabels(int max) {
        this.max = max;
        known.add(NONE);
        known.add(OTHER);
    }

    /** Called only off the hot path, the first time a site sees a class. */
    synchronized String label(String bounceClass) {
        if (known.contains(bounceClass)) {
            return bounceClass;
        }
        if (known.size() >= max) {
            return OTHER;
        }
        known.add(bounceClass);
        return bounceClass;
    }
}
