package dev.salvo.spool;

/**
 * Where a {@link PendingWrite} puts its changes: a RocksDB {@code WriteBatch} in the durable modes,
 * the maps of {@link MemorySpool} in MEMORY mode. Keys and values are the encoded forms
 * ({@link Keys}, {@link RecipientCodec}); the receiver may keep the arrays.
 */
interface Mutations {
    void putContent(byte[] key, byte[] bytes);

    void deleteContent(byte[] key);

    void putRecipient(byte[] key, byte[] record);

    void deleteRecipient(byte[] key);

    void putMeta(byte[] key, byte[] value);

    void deleteMeta(byte[] key);

    /** Deletes every recipient key in [from, to). */
    void deleteRecipients(byte[] from, byte[] to);
}
