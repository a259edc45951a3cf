package dev.salvo.bounce;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Finds which of many phrases occur in a text, case-insensitively, in one pass (Aho-Corasick, as a
 * full transition table). The bounce rules have a hundred-odd phrases; testing them one by one cost
 * tens of microseconds per reply, one pass costs about one step per character. Immutable and
 * thread-safe; {@link #scan} allocates nothing.
 */
final class PhraseSet {
    private final char[] alphabet;
    private final int[] asciiClass = new int[128];
    private final int width;
    /** delta[state * width + class] = next state. */
    private final int[] delta;
    /** Phrase ids that end at each state, its failure chain's included; null when none. */
    private final int[][] out;
    private final int phrases;

    /** @param phrases the phrases; a phrase's id is its index. None may be empty. */
    PhraseSet(List<String> phrases) {
        this.phrases = phrases.size();
        TreeSet<Character> chars = new TreeSet<>();
        List<String> lower = new ArrayList<>();
        for (String p : phrases) {
            String l = fold(p);
            if (l.isEmpty()) {
                throw new IllegalArgumentException("an empty phrase");
            }
            lower.add(l);
            for (char c : l.toCharArray()) {
                chars.add(c);
            }
        }
        alphabet = new char[chars.size()];
        int k = 0;
        for (char c : chars) {
            alphabet[k++] = c;
        }
        width = alphabet.length + 1; // class 0: a character no phrase has
        for (int i = 0; i < alphabet.length; i++) {
            if (alphabet[i] < 128) {
                asciiClass[alphabet[i]] = i + 1;
                // Upper case maps to the same class, so the scan needs no toLowerCase for ASCII.
                asciiClass[Character.toUpperCase(alphabet[i]) & 0x7f] = i + 1;
            }
        }
        // The trie, as growable lists first.
        List<int[]> next = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        next.add(new int[width]);
        ends.add(new ArrayList<>());
        for (int id = 0; id < lower.size(); id++) {
            int s = 0;
            for (char c : lower.get(id).toCharArray()) {
                int cls = classOf(c);
                if (next.get(s)[cls] == 0) {
                    next.get(s)[cls] = next.size();
                    next.add(new int[width]);
                    ends.add(new ArrayList<>());
                }
                s = next.get(s)[cls];
            }
            ends.get(s).add(id);
        }
        int states = next.size();
        delta = new int[states * width];
        out = new int[states][];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // Breadth first: a state's failure target is shallower, so it is complete when needed.
        for (int cls = 0; cls < width; cls++) {
            int t = next.get(0)[cls];
            delta[cls] = t;
            if (t != 0) {
                fail[t] = 0;
                queue.add(t);
            }
        }
        out[0] = null;
        while (!queue.isEmpty()) {
            int s = queue.poll();
            List<Integer> own = new ArrayList<>(ends.get(s));
            if (out[fail[s]] != null) {
                for (int id : out[fail[s]]) {
                    own.add(id);
                }
            }
            out[s] = own.isEmpty() ? null : own.stream().mapToInt(Integer::intValue).toArray();
            for (int cls = 0; cls < width; cls++) {
                int t = next.get(s)[cls];
                if (t != 0) {
                    fail[t] = delta[fail[s] * width + cls];
                    delta[s * width + cls] = t;
                    queue.add(t);
                } else {
                    delta[s * width + cls] = delta[fail[s] * width + cls];
                }
            }
        }
    }

    static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    int size() {
        return phrases;
    }

    /** Words of a bit set large enough for every phrase id. */
    int words() {
        return (phrases + 63) >>> 6;
    }

    /** Sets the bit of every phrase found in {@code text}; {@code found} is cleared first. */
    void scan(String text, long[] found) {
        Arrays.fill(found, 0L);
        int s = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            s = delta[s * width + (c < 128 ? asciiClass[c] : classOf(Character.toLowerCase(c)))];
            int[] ids = out[s];
            if (ids != null) {
                for (int id : ids) {
                    found[id >>> 6] |= 1L << id;
                }
            }
        }
    }

    private int classOf(char c) {
        if (c < 128) {
            return asciiClass[c];
        }
        int i = Arrays.binarySearch(alphabet, c);
        return i < 0 ? 0 : i + 1;
    }
}
