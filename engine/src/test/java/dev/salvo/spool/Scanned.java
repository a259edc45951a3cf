package dev.salvo.spool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Everything a spool gives back on scan, in scan order. */
record Scanned(Map<ContentId, byte[]> contents, Map<RecipientKey, SpooledRecipient> recipients) {
    static Scanned of(Spool spool) {
        Map<ContentId, byte[]> c = new LinkedHashMap<>();
        Map<RecipientKey, SpooledRecipient> r = new LinkedHashMap<>();
        spool.scan(c::put, r::put);
        return new Scanned(c, r);
    }

    static SpooledRecipient recipient(int i) {
        return SpooledRecipient.queued(("r" + i + "@example.com").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                1_700_000_000_000L + i);
    }

    static List<SpooledRecipient> recipients(int n) {
        return IntStream.range(0, n).mapToObj(Scanned::recipient).toList();
    }
}
