package dev.salvo.spool;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many recipients each content still has in the spool, so that removing the last one deletes
 * the content in the same batch. Rebuilt from the recipient keys when the spool opens.
 *
 * <p>Changed only by the thread that builds batches (the spool's writer thread, or under
 * MemorySpool's lock). A batch changes an overlay; {@link #commit} folds it in once the batch is
 * durable, {@link #rollback} drops it when the write failed, so the counts always describe what is
 * on disk. {@link #snapshot} may be called from any thread.
 */
final class RemainingCounts {
    private final ConcurrentHashMap<ContentId, Integer> committed = new ConcurrentHashMap<>();
    private final Map<ContentId, Integer> batch = new HashMap<>();
    /** Campaign templates: kept while their campaign is open, even with no recipient left. */
    private final java.util.Set<ContentId> pinned = ConcurrentHashMap.newKeySet();
    private final Map<ContentId, Boolean> pinBatch = new HashMap<>();

    boolean pinned(ContentId id) {
        Boolean b = pinBatch.get(id);
        return b != null ? b : pinned.contains(id);
    }

    void pin(ContentId id) {
        pinBatch.put(id, true);
    }

    void unpin(ContentId id) {
        pinBatch.put(id, false);
    }

    int get(ContentId id) {
        Integer n = batch.get(id);
        return n != null ? n : committed.getOrDefault(id, 0);
    }

    void add(ContentId id, int n) {
        batch.put(id, get(id) + n);
    }

    /** One recipient gone; returns how many are left (never below zero). */
    int removeOne(ContentId id) {
        int left = Math.max(0, get(id) - 1);
        batch.put(id, left);
        return left;
    }

    void forget(ContentId id) {
        batch.put(id, 0);
    }

    void commit() {
        for (Map.Entry<ContentId, Integer> e : batch.entrySet()) {
            if (e.getValue() == 0) {
                committed.remove(e.getKey());
            } else {
                committed.put(e.getKey(), e.getValue());
            }
        }
        batch.clear();
        for (Map.Entry<ContentId, Boolean> e : pinBatch.entrySet()) {
            if (e.getValue()) {
                pinned.add(e.getKey());
            } else {
                pinned.remove(e.getKey());
            }
        }
        pinBatch.clear();
    }

    void rollback() {
        batch.clear();
        pinBatch.clear();
    }

    /** Pending recipients per content, as of the last durable batch. */
    Map<ContentId, Integer> snapshot() {
        return Map.copyOf(committed);
    }
}
