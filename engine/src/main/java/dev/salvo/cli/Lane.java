package dev.salvo.cli;

import dev.salvo.smtp.SmtpConnection;

/**
 * One connection slot of a send run: the session it has (or is opening), how many transactions it
 * has outstanding, and how often in a row it failed. Confined to the dispatch thread.
 */
final class Lane {
    final int index;
    /** The open session, or null while connecting, waiting to reconnect, or retired. */
    SmtpConnection connection;
    boolean connecting;
    /** Transactions sent and not yet completed, across this lane's sessions. */
    int outstanding;
    /** Connection failures since the last transaction that reached the server; reset by progress. */
    int failures;
    long retryAtNanos;
    /** Gave up on this slot: too many failures in a row. */
    boolean retired;

    Lane(int index) {
        this.index = index;
    }

    boolean idle() {
        return outstanding == 0 && !connecting;
    }
}
