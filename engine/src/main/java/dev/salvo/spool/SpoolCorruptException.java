package dev.salvo.spool;

/**
 * The spool directory cannot be opened as it is: RocksDB reports corruption, or the spool was
 * written in a format this Salvo does not know. The message names the directory and the repair
 * path (docs/spool.md). Salvo refuses to start rather than guess, because guessing could send a
 * campaign twice or lose it.
 */
public final class SpoolCorruptException extends RuntimeException {
    public SpoolCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
