package dev.salvo.api;

/**
 * What an engine found in its spool at start and queued again.
 *
 * @param recipients recipients resumed (counted as accepted by this engine)
 * @param possibleDuplicates of those, the ones found in flight: a server may have taken them just
 *     before the process stopped, so they may arrive twice. At most the connections open at the
 *     time × recipients per transaction × transactions in flight per connection.
 */
public record Recovery(long recipients, long possibleDuplicates) {
    public static final Recovery NONE = new Recovery(0, 0);
}
