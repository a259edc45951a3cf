package dev.salvo.cli;

/** Exit codes shared by every command; the README documents them. */
final class ExitCodes {
    /** Every recipient was delivered (send), or the command did what it was asked. */
    static final int OK = 0;
    /** Some recipients were bounced, deferred or rejected; the summary and events say which. */
    static final int PARTIAL = 1;
    /** Bad command line or input: nothing was sent. */
    static final int USAGE = 2;
    /** The relay could not be used at all: connection, TLS or authentication failure. */
    static final int RELAY_FAILED = 3;
    /**
     * The spool stopped taking writes (disk full, a RocksDB error). What was accepted was delivered
     * (or stays in the spool); the same command run again resumes.
     */
    static final int SPOOL_UNAVAILABLE = 4;
    /** An internal error: a bug. */
    static final int SOFTWARE = 70;

    private ExitCodes() {}
}
