package dev.salvo.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of the {@code class} label. Bounce classes come from a catalogue of a few
 * dozen, but a rule file could name them freely; past the cap a class is counted as "other".
 */
final class BounceClassLabels {
    static final String OTHER = "other";
    static final String NONE = "none";

    private final int max;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    /** Set once the cap is reached: a class past it then costs a set miss and this read, no lock. */
    private volatile boolean full;

    BounceClassLabels(int max) {
        this.max = max;
        known.add(NONE);
        known.add(OTHER);
    }

    /** Called when a site sees a class for the first time, and on every count of a class past the cap. */
    String label(String bounceClass) {
        if (known.contains(bounceClass)) {
            return bounceClass;
        }
        return full ? OTHER : add(bounceClass);
    }

    private synchronized String add(String bounceClass) {
        if (known.contains(bounceClass)) {
            return bounceClass;
        }
        if (known.size() >= max) {
            full = true;
            return OTHER;
        }
        known.add(bounceClass);
        return bounceClass;
    }
}
