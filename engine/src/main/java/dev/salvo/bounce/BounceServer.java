package dev.salvo.bounce;

import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpResult;
import dev.salvo.smtp.server.InboundHandler;
import dev.salvo.smtp.server.ReceivedMessage;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The bounce listener: Salvo's SMTP server ({@link SmtpSink}) for the bounce domain, handing each
 * report to a {@link BounceProcessor} on the sink's store thread (never an event loop; the sending MTA
 * gets its 250 once the report is processed or set aside).
 *
 * <p>RCPT TO decides early, on the event loop (an HMAC, no I/O): another domain is refused with
 * {@code 550 5.7.1} (no relaying); a VERP address whose token does not verify is refused with
 * {@code 550 5.7.1} too, so forged reports are never even accepted. Other local parts of the bounce
 * domain (postmaster, a feedback-loop address) are accepted and matched by their content.
 */
public final class BounceServer implements AutoCloseable {
    /** Reports are small; 10 MB leaves room for a returned message with attachments. */
    public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;

    private final SmtpSink sink;
    private final BounceProcessor processor;

    private BounceServer(SmtpSink sink, BounceProcessor processor) {
        this.sink = sink;
        this.processor = processor;
    }

    /**
     * Binds and starts. {@code lines} gets one line per processed report, on the store thread.
     *
     * @param verp the codec for the domain's VERP addresses, or null to accept any local part
     */
    public static BounceServer start(InetSocketAddress listen, String bounceDomain, long maxSize, VerpCodec verp,
            BounceProcessor processor, Consumer<String> lines) throws IOException {
        String domain = bounceDomain.toLowerCase(Locale.ROOT);
        SinkConfig config = SinkConfig.builder()
                .listen(listen)
                .hostname(domain)
                .rejectPrefix(null)
                .tempfailPrefix(null)
                .maxSize(maxSize)
                .maxRecipients(100)
                .build();
        InboundHandler handler = new InboundHandler() {
            @Override
            public String refuseRecipient(String address) {
                int at = address.lastIndexOf('@');
                if (at < 0 || !address.substring(at + 1).equalsIgnoreCase(domain)) {
                    processor.refusedAtRcpt(false);
                    return "550 5.7.1 Relaying denied: this server takes mail for " + domain + " only";
                }
                if (verp != null) {
                    VerpResult r = verp.decode(address);
                    if (r.status() == VerpResult.Status.MALFORMED || r.status() == VerpResult.Status.BAD_MAC) {
                        processor.refusedAtRcpt(true);
                        return "550 5.7.1 Invalid return path: the address was not issued by this server";
                    }
                }
                return null;
            }

            @Override
            public void deliver(ReceivedMessage message) throws IOException {
                BounceProcessor.Result result;
                try {
                    result = processor.process(message.recipients(), message.content());
                } catch (RuntimeException e) {
                    // A bug must not lose the report or stop the listener: keep it and say so.
                    result = processor.setAsideAfterBug(message.content(), e);
                }
                lines.accept(result.line());
            }
        };
        return new BounceServer(SmtpSink.start(config, handler), processor);
    }

    public InetSocketAddress address() {
        return sink.address();
    }

    public int port() {
        return sink.port();
    }

    public BounceStats stats() {
        return processor.stats();
    }

    public String transport() {
        return sink.transport();
    }

    /** Stops listening and waits for the report in progress. */
    @Override
    public void close() {
        sink.close();
    }
}
