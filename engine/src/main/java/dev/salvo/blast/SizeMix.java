package dev.salvo.blast;

import dev.salvo.message.MessageContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Message sizes and how often each is sent: "1k:70,20k:25,100k:5", or one size. Sizes are spread
 * evenly through the run (smooth weighted round robin), not drawn at random, so two runs send the
 * same mix in the same order.
 */
public final class SizeMix {
    /** A longer cycle buys nothing: the weights are percentages or small ratios in practice. */
    static final int MAX_CYCLE = 1000;

    private final int[] sizes;
    private final int[] cycle;

    private SizeMix(int[] sizes, int[] weights) {
        this.sizes = sizes;
        this.cycle = spread(weights);
    }

    public static SizeMix single(int size) {
        return new SizeMix(new int[] {size}, new int[] {1});
    }

    /** Parses SIZE:WEIGHT pairs; sizes take k/m suffixes (1024-based). Throws IllegalArgumentException saying what is wrong. */
    public static SizeMix parse(String text) {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + part.trim() + "' needs a weight, as in 20k:25");
            }
            int size = bytes(part.substring(0, colon));
            int weight;
            try {
                weight = Integer.parseInt(part.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight in '" + part.trim() + "' is not a whole number");
            }
            if (weight < 1) {
                throw new IllegalArgumentException("the weight in '" + part.trim() + "' must be at least 1");
            }
            if (sizes.contains(size)) {
                throw new IllegalArgumentException("the size " + size + " is listed twice");
            }
            sizes.add(size);
            weights.add(weight);
        }
        int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
        int g = 0;
        for (int x : w) {
            g = gcd(g, x);
        }
        long sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] /= g;
            sum += w[i];
        }
        if (sum > MAX_CYCLE) {
            throw new IllegalArgumentException("the weights, reduced, add up to " + sum + "; keep them to " + MAX_CYCLE
                    + " or less (percentages work)");
        }
        return new SizeMix(sizes.stream().mapToInt(Integer::intValue).toArray(), w);
    }

    /** "1024", "1k", "20K", "1m": a size in octets, at least 1. */
    public static int bytes(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int unit = 1;
        if (s.endsWith("k")) {
            unit = 1024;
        } else if (s.endsWith("m")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a size: use a number of bytes, or 20k, 1m");
        }
        if (n < 1 || n > MessageContent.MAX_SIZE) {
            throw new IllegalArgumentException("the size '" + text.trim() + "' must be from 1 byte to 64m");
        }
        return (int) n;
    }

    /** The distinct sizes, in the order given. */
    int[] sizes() {
        return sizes.clone();
    }

    /** Which of {@link #sizes()} the n-th slot of the cycle sends. */
    int sizeIndex(int n) {
        return cycle[Math.floorMod(n, cycle.length)];
    }

    int cycleLength() {
        return cycle.length;
    }

    /** Nginx's smooth weighted round robin: each size as evenly spaced through the cycle as its weight allows. */
    private static int[] spread(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int[] current = new int[weights.length];
        int[] out = new int[total];
        for (int n = 0; n < total; n++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            out[n] = best;
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            int count = 0;
            for (int c : cycle) {
                count += c == i ? 1 : 0;
            }
            s.append(i == 0 ? "" : ",").append(sizes[i]).append(':').append(count);
        }
        return s.toString();
    }
}
