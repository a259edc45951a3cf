package dev.salvo.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client session on an {@link EmbeddedChannel}: the test plays the server byte by byte and reads
 * back exactly what the client wrote, and in which flush.
 */
final class ScriptedSession implements AutoCloseable {
    final EmbeddedChannel channel;
    final SmtpClientHandler handler;
    private final List<MessageContent> contents = new ArrayList<>();

    ScriptedSession(ConnectionSettings settings) {
        ReplyDecoder decoder = new ReplyDecoder();
        handler = new SmtpClientHandler(settings, "t1", decoder);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        handler.connection().bind(channel);
        channel.pipeline().addLast("replies", decoder);
        channel.pipeline().addLast("session", handler);
        channel.pipeline().fireChannelActive();
    }

    static ConnectionSettings plain() {
        return ConnectionSettings.relay("mx.test", 25).withTls(TlsMode.NONE, TrustSource.system()).withEhloName("client.test")
                .withTimeouts(Timeouts.all(Duration.ofSeconds(30)));
    }

    /** The server sends these bytes in one read. */
    ScriptedSession server(String wire) {
        channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.UTF_8));
        channel.runPendingTasks();
        return this;
    }

    /** Everything the client wrote since the last call, as one string (flushes joined). */
    String written() {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return sb.toString();
    }

    void expectWritten(String wire) {
        assertThat(written()).isEqualTo(wire);
    }

    /** Greeting and EHLO with these keywords; leaves the session open with nothing written pending. */
    ScriptedSession open(String... keywords) {
        server("220 mx.test ESMTP\r\n");
        expectWritten("EHLO client.test\r\n");
        StringBuilder ehlo = new StringBuilder("250");
        ehlo.append(keywords.length == 0 ? " " : "-").append("mx.test\r\n");
        for (int i = 0; i < keywords.length; i++) {
            ehlo.append("250").append(i == keywords.length - 1 ? " " : "-").append(keywords[i]).append("\r\n");
        }
        server(ehlo.toString());
        assertThat(handler.opened).isCompleted();
        return this;
    }

    MessageContent content(String rfc5322) {
        MessageContent c = MessageContent.of(rfc5322.getBytes(StandardCharsets.UTF_8));
        contents.add(c);
        return c;
    }

    Transaction tx(MessageContent content, String from, String... to) {
        return new Transaction(EmailAddress.parse(from), Arrays.stream(to).map(EmailAddress::parse).toList(), content);
    }

    CompletableFuture<TransactionResult> send(Transaction tx) {
        CompletableFuture<TransactionResult> f = handler.connection().send(tx);
        channel.runPendingTasks();
        return f;
    }

    void advance(Duration d) {
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    SessionFailure failure() {
        assertThat(handler.opened).isCompletedExceptionally();
        try {
            handler.opened.join();
        } catch (java.util.concurrent.CompletionException e) {
            return (SessionFailure) e.getCause();
        }
        throw new AssertionError("not failed");
    }

    @Override
    public void close() {
        written();
        channel.finishAndReleaseAll();
        contents.forEach(MessageContent::release);
    }
}
