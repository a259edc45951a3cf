package dev.salvo.engine;

import java.nio.charset.StandardCharsets;

/**
 * A recipient domain as a map key that can be looked up straight from an address's UTF-8 bytes,
 * so routing a recipient to a known domain makes no String (the dispatch thread does it for every
 * recipient). ASCII letters compare without case (RFC 4343); other bytes exactly, so a domain with
 * upper-case non-ASCII letters misses here and is found by its lower-cased name instead.
 *
 * <p>One mutable instance serves as the probe ({@link #of(byte[])}, dispatch thread only); keys
 * stored in a map are made by {@link #stored(String)} and never change.
 */
final class DomainKey {
    private byte[] bytes;
    private int from;
    private int to;
    private int hash;

    private DomainKey() {}

    /** A reusable probe; point it at an address with {@link #of(byte[])}. */
    static DomainKey probe() {
        return new DomainKey();
    }

    /** A key to store, for a domain name already in lower case. */
    static DomainKey stored(String domain) {
        DomainKey k = new DomainKey();
        byte[] b = domain.getBytes(StandardCharsets.UTF_8);
        return k.set(b, 0, b.length);
    }

    /** Points this probe at the domain of a validated address (after its last '@'). */
    DomainKey of(byte[] address) {
        int at = address.length - 1;
        while (at >= 0 && address[at] != '@') {
            at--;
        }
        return set(address, at + 1, address.length);
    }

    private DomainKey set(byte[] b, int from, int to) {
        this.bytes = b;
        this.from = from;
        this.to = to;
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + fold(b[i]);
        }
        this.hash = h;
        return this;
    }

    private static int fold(byte c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DomainKey k) || k.hash != hash || k.to - k.from != to - from) {
            return false;
        }
        for (int i = 0; i < to - from; i++) {
            if (fold(bytes[from + i]) != fold(k.bytes[k.from + i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
