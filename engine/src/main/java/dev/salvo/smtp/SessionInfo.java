package dev.salvo.smtp;

/**
 * What a session negotiated, for events and logs.
 *
 * @param connectionId short id that prefixes every log line of this connection ("c17")
 * @param destination "host:port"
 * @param capabilities what the last EHLO offered
 * @param tlsProtocol e.g. "TLSv1.3", or null on plaintext
 * @param tlsCipher e.g. "TLS_AES_256_GCM_SHA384", or null
 * @param authMechanism the mechanism that authenticated, or null
 * @param pipelining whether transactions go out pipelined (RFC 2920)
 * @param chunking whether bodies go out as BDAT (RFC 3030) rather than DATA
 * @param latency how long each opening step took
 */
public record SessionInfo(
        String connectionId,
        String destination,
        EhloCapabilities capabilities,
        String tlsProtocol,
        String tlsCipher,
        String authMechanism,
        boolean pipelining,
        boolean chunking,
        OpeningLatency latency) {}
