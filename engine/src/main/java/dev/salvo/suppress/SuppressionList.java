package dev.salvo.suppress;

import java.util.function.Consumer;

/**
 * Addresses Salvo must not send to. Thread-safe: the engine reads it at submit on the submitter's
 * thread, the bounce listener and the dispatch thread add to it.
 */
public interface SuppressionList extends AutoCloseable {
    /** The scope of entries that hold for every sending domain. */
    String GLOBAL = "*";

    /**
     * The entry that stops mail from {@code senderDomain} to {@code recipient}: a global entry, or
     * one scoped to that sending domain; null when there is none.
     */
    Suppression find(String senderDomain, String recipient);

    default boolean isSuppressed(String senderDomain, String recipient) {
        return find(senderDomain, recipient) != null;
    }

    /** Adds an entry, or replaces the one for the same scope and address; true when it was new. */
    boolean add(Suppression entry);

    /** Removes the entry for this scope and address; true when there was one. */
    boolean remove(String scope, String address);

    /** Every entry, in no promised order (for list and export). */
    void forEach(Consumer<Suppression> each);

    long size();

    @Override
    void close();
}
