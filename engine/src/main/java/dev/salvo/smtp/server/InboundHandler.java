package dev.salvo.smtp.server;

/**
 * What a listener built on the sink (the bounce listener) does with its mail, instead of only
 * counting it: it decides recipients at RCPT time and takes each accepted message.
 */
public interface InboundHandler {
    /**
     * Decides one RCPT TO, on the connection's event loop: it must not block or touch the disk.
     *
     * @return null to accept, or the whole refusal reply line, e.g. {@code "550 5.7.1 Relaying denied"}
     */
    String refuseRecipient(String address);

    /**
     * Takes one accepted message on the sink's store thread, never an event loop; the client gets its
     * 250 only after this returns. Throwing answers {@code 451 4.3.0}, so the sending MTA keeps the
     * message and tries again later: nothing accepted is lost.
     */
    void deliver(ReceivedMessage message) throws Exception;
}
