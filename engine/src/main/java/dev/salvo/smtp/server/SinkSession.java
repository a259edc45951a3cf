package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One SMTP server connection: an explicit state machine over {@link Phase}, confined to the
 * channel's event loop. Reads are cumulated in an {@link InboundBuffer} and drained one command (or
 * one stretch of message text) at a time, so pipelined input (RFC 2920) is handled in order.
 */
final class SinkSession extends ChannelInboundHandlerAdapter {
    private enum Phase {
        /** Implicit TLS, or after STARTTLS: nothing is read until the handshake is done. */
        AWAITING_TLS,
        COMMAND,
        /** Reading message octets: DATA text or a BDAT chunk. */
        MESSAGE,
        /** A message is being stored; input waits (and reading pauses) until the reply is sent. */
        STORING,
        CLOSING
    }

    private final SinkShared shared;
    private final SinkConfig config;
    private final InboundEnvelope transaction;
    private final AuthDialogue auth;
    private MessageIntake intake;
    private ChannelHandlerContext ctx;
    private ReplyWriter replies;
    private InboundBuffer inbound;
    private Phase phase = Phase.COMMAND;
    private boolean counted;
    private boolean greeted;
    private boolean tlsActive;
    private int messagesOnConnection;
    /** True inside {@link #drain()}: a store that completes synchronously must not drain again. */
    private boolean draining;

    SinkSession(SinkShared shared) {
        this.shared = shared;
        this.config = shared.config();
        this.transaction = new InboundEnvelope(config, shared.policy(), shared.stats(), shared.handler());
        this.auth = config.authConfigured() ? new AuthDialogue(config, shared.stats()) : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.replies = new ReplyWriter(ctx, config.latencyMs());
        this.inbound = new InboundBuffer(ctx.alloc());
        this.intake = new MessageIntake(ctx.alloc(), config.maxSize(), transaction, shared.stats());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        int open = shared.stats().sessionOpened();
        if (config.maxConnections() > 0 && open > config.maxConnections()) {
            phase = Phase.CLOSING;
            replies.sendThenClose(Replies.TOO_MANY_CONNECTIONS.duplicate());
        } else if (config.implicitTls()) {
            phase = Phase.AWAITING_TLS; // greet once the handshake is done
        } else {
            replies.send(shared.ehlo().greeting());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.AWAITING_TLS && handshakeDone()) {
            tlsEstablished();
        }
        if (phase == Phase.AWAITING_TLS || phase == Phase.CLOSING) {
            // RFC 3207 §6 (CVE-2011-0411): bytes that came in the clear after STARTTLS are dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        inbound.append((ByteBuf) msg);
        drain();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                phase = Phase.CLOSING;
                ctx.close();
            } else if (phase == Phase.AWAITING_TLS) {
                tlsEstablished();
                drain();
            }
        } else if (evt instanceof IdleStateEvent && phase != Phase.CLOSING) {
            phase = Phase.CLOSING;
            replies.sendThenClose(Replies.IDLE_TIMEOUT.duplicate());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // A client that pipelines without reading replies is not read from until it catches up.
        updateAutoRead();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            shared.stats().sessionClosed();
        }
        phase = Phase.CLOSING;
        inbound.release();
        intake.release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        phase = Phase.CLOSING;
        ctx.close();
    }

    /** Processes buffered input until it runs out or a phase must wait; then flushes the replies. */
    private void drain() {
        draining = true;
        replies.beginBatch();
        try {
            boolean progress = true;
            while (progress) {
                progress = step();
            }
        } finally {
            draining = false;
            replies.endBatch();
            inbound.compact();
        }
    }

    private boolean step() {
        switch (phase) {
            case COMMAND:
                ByteBuf line = inbound.nextLine();
                if (line == null) {
                    return false;
                }
                command(line);
                return true;
            case MESSAGE:
                // A BDAT chunk of 0 octets ends without any input.
                if (!intake.read(inbound.isReadable() ? inbound.bytes() : Unpooled.EMPTY_BUFFER)) {
                    return false;
                }
                endOfMessageInput();
                return true;
            default:
                return false;
        }
    }

    private void command(ByteBuf line) {
        if (line == InboundBuffer.TOO_LONG) {
            if (auth != null && auth.inProgress()) {
                auth.reset(); // an overlong SASL response ends the exchange
            }
            replies.send(Replies.LINE_TOO_LONG.duplicate());
            return;
        }
        boolean asciiOnly = line.forEachByte(b -> b >= 0) < 0;
        String text = line.toString(asciiOnly ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8);
        if (auth != null && auth.inProgress()) {
            replies.send(auth.respond(text));
            return;
        }
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : text.substring(space + 1);
        if (!asciiOnly && !verb.equals("MAIL") && !verb.equals("RCPT")) {
            // RFC 6531 §3.3: only the envelope of an SMTPUTF8 transaction may carry UTF-8.
            replies.send(Replies.NON_ASCII_COMMAND.duplicate());
            return;
        }
        ByteBuf reply = dispatch(verb, args, asciiOnly);
        if (reply != null) {
            replies.send(reply);
        }
    }

    /** The reply to one command; may change phase. Null means a reply has already been arranged. */
    private ByteBuf dispatch(String verb, String args, boolean asciiOnly) {
        switch (verb) {
            case "EHLO":
            case "HELO":
                if (args.isBlank()) {
                    return Replies.SYNTAX.duplicate();
                }
                // RFC 5321 §4.1.4: EHLO also resets any transaction in progress.
                greeted = true;
                intake.reset();
                return verb.equals("HELO") ? shared.ehlo().helo() : shared.ehlo().ehlo(offerStartTls(), offerAuth());
            case "MAIL":
                return mail(args, asciiOnly);
            case "RCPT":
                return transaction.rcpt(args, asciiOnly);
            case "DATA":
                return receive(intake.beginData(args));
            case "BDAT":
                return receive(intake.beginChunk(args));
            case "RSET":
                intake.reset();
                return Replies.OK.duplicate();
            case "NOOP":
                return Replies.OK.duplicate();
            case "VRFY":
                return Replies.CANNOT_VRFY.duplicate();
            case "QUIT":
                phase = Phase.CLOSING;
                replies.sendThenClose(Replies.BYE.duplicate());
                return null;
            case "STARTTLS":
                return startTls(args);
            case "AUTH":
                return authenticate(args);
            default:
                return Replies.UNRECOGNIZED.duplicate();
        }
    }

    private ByteBuf mail(String args, boolean asciiOnly) {
        if (!greeted) {
            return Replies.NEED_EHLO.duplicate();
        }
        if (config.requireAuth() && !auth.authenticated()) {
            return Replies.AUTH_REQUIRED.duplicate();
        }
        if (config.maxMessagesPerConnection() > 0 && messagesOnConnection >= config.maxMessagesPerConnection()) {
            phase = Phase.CLOSING;
            replies.sendThenClose(Replies.TOO_MANY_MESSAGES.duplicate());
            return null;
        }
        return transaction.mail(args, asciiOnly);
    }

    private ByteBuf receive(ByteBuf reply) {
        if (intake.receiving()) {
            phase = Phase.MESSAGE;
        }
        return reply;
    }

    private void endOfMessageInput() {
        phase = Phase.COMMAND;
        ByteBuf reply = intake.finish();
        if (reply != null) {
            replies.send(reply);
        } else {
            storeMessage(intake.takeMessage());
        }
    }

    private void storeMessage(ReceivedMessage message) {
        phase = Phase.STORING;
        updateAutoRead();
        shared.store().store(message, ctx.executor(), this::stored);
    }

    private void stored(Throwable failure) {
        if (phase != Phase.STORING) {
            return; // the connection closed meanwhile
        }
        phase = Phase.COMMAND;
        if (failure == null) {
            messagesOnConnection++;
            shared.stats().messageAccepted();
            replies.send(Replies.MESSAGE_ACCEPTED.duplicate());
        } else {
            replies.send(Replies.STORE_FAILED.duplicate());
        }
        updateAutoRead();
        if (!draining) {
            drain(); // the store completed later, on another thread: resume the input left waiting
        }
    }

    /** RFC 3207 §4: 220, then TLS from the next byte; the handler goes in just before the 220 is written. */
    private ByteBuf startTls(String args) {
        if (!args.isEmpty()) {
            return Replies.SYNTAX.duplicate();
        }
        if (!offerStartTls()) {
            return tlsActive ? Replies.BAD_SEQUENCE.duplicate() : Replies.NOT_IMPLEMENTED.duplicate();
        }
        phase = Phase.AWAITING_TLS;
        inbound.discardAll();
        replies.sendAfter(
                () -> ctx.pipeline().addFirst("tls", shared.tls().newHandler(ctx.alloc(), true)),
                Replies.READY_TO_START_TLS.duplicate());
        return null;
    }

    private ByteBuf authenticate(String args) {
        if (auth == null) {
            return Replies.NOT_IMPLEMENTED.duplicate();
        }
        if (!offerAuth()) {
            return Replies.ENCRYPTION_REQUIRED.duplicate();
        }
        if (!greeted || transaction.started()) {
            return Replies.BAD_SEQUENCE.duplicate(); // RFC 4954 §4: not during a mail transaction
        }
        if (auth.authenticated()) {
            return Replies.ALREADY_AUTHENTICATED.duplicate();
        }
        return auth.start(args);
    }

    private void tlsEstablished() {
        // RFC 3207 §4.2: discard all knowledge obtained from the client before TLS.
        tlsActive = true;
        shared.stats().tlsHandshake();
        greeted = false;
        intake.reset();
        if (auth != null) {
            auth.reset();
        }
        phase = Phase.COMMAND;
        if (config.implicitTls()) {
            // Implicit TLS (RFC 8314 §3.3): the greeting is the first thing sent inside TLS.
            replies.send(shared.ehlo().greeting());
        }
    }

    private boolean handshakeDone() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        return ssl != null && ssl.handshakeFuture().isSuccess();
    }

    private boolean offerStartTls() {
        return shared.tls() != null && !tlsActive && !config.implicitTls();
    }

    private boolean offerAuth() {
        return auth != null && (tlsActive || config.allowPlaintextAuth());
    }

    private void updateAutoRead() {
        ctx.channel().config().setAutoRead(phase != Phase.STORING && ctx.channel().isWritable());
    }
}
