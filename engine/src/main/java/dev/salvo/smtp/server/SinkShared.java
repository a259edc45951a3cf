package dev.salvo.smtp.server;

/** What every session of one sink shares: all thread-safe or immutable. {@code tls} and {@code handler} may be null. */
record SinkShared(
        SinkConfig config, SinkStats stats, RecipientPolicy policy, MessageStore store, SinkTls tls, EhloReply ehlo,
        InboundHandler handler) {}
