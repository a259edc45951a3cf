package dev.salvo.smtp;

import static dev.salvo.smtp.InFlightQueue.AUTH;
import static dev.salvo.smtp.InFlightQueue.EHLO;
import static dev.salvo.smtp.InFlightQueue.GREETING;
import static dev.salvo.smtp.InFlightQueue.HELO;
import static dev.salvo.smtp.InFlightQueue.QUIT;
import static dev.salvo.smtp.InFlightQueue.STARTTLS;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One client SMTP session: opens it (greeting, EHLO or HELO, STARTTLS and EHLO again, AUTH), then
 * hands the open session to its {@link TransactionPipeline}. Every reply is matched to the oldest
 * command in flight; every command that waits for the peer has a deadline.
 *
 * <p>Confined to the channel's event loop: every method runs there, so nothing here is locked.
 */
final class SmtpClientHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger("dev.salvo.smtp");

    final CompletableFuture<SmtpConnection> opened = new CompletableFuture<>();
    private final ConnectionSettings settings;
    private final String id;
    private final ReplyDecoder decoder;
    private final InFlightQueue inFlight;
    private final TransactionPipeline transactions;
    private final SmtpConnection connection;
    private final Runnable timerTask = this::onTimer;

    private ChannelHandlerContext ctx;
    /** Commands of the group being built, flushed together. */
    private ByteBuf out;
    /** Something was written and not yet flushed. */
    private boolean unflushed;
    private final SessionOpening opening;
    private SessionInfo info;
    private boolean handshaking;
    private boolean ready;
    private boolean quitRequested;
    private boolean closed;
    private long deadlineNanos;
    private boolean timerArmed;

    SmtpClientHandler(ConnectionSettings settings, String id, ReplyDecoder decoder) {
        this.settings = settings;
        this.id = id;
        this.decoder = decoder;
        this.inFlight = new InFlightQueue(Math.max(settings.maxInFlight(), Transaction.MAX_RECIPIENTS + 8));
        this.transactions = new TransactionPipeline(this, settings.maxInFlight());
        this.connection = new SmtpConnection(this);
        this.opening = new SessionOpening(this, settings, decoder);
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // With implicit TLS the greeting comes after the handshake; its deadline covers both.
        handshaking = settings.tlsMode() == TlsMode.IMPLICIT;
        opening.active();
        expect(GREETING, null, 0);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            return;
        }
        SmtpReply r = (SmtpReply) msg;
        byte kind = inFlight.headKind();
        if (kind == 0) {
            fail(SessionFailure.Kind.PROTOCOL_ERROR, "the server sent a reply nothing asked for: " + r, r);
            return;
        }
        TransactionState owner = inFlight.headOwner();
        int arg = inFlight.headArg();
        inFlight.poll();
        if (r.code() == 421 && kind != QUIT) {
            // RFC 5321 §3.8: 421 means the server is closing; whatever is in flight is not done.
            fail(SessionFailure.Kind.REFUSED, "the server is closing the session (reply to "
                    + InFlightQueue.name(kind) + "): " + r, r);
            return;
        }
        switch (kind) {
            case GREETING -> opening.onGreeting(r);
            case EHLO, HELO -> opening.onEhlo(kind, r);
            case STARTTLS -> opening.onStartTls(r);
            case AUTH -> opening.onAuth(r);
            case QUIT -> closeQuietly();
            default -> transactions.onReply(kind, owner, arg, r);
        }
        touchDeadline();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Everything the replies of this read made us write goes out in one flush.
        flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !closed) {
            handshaking = false;
            opening.onHandshake(e);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            String when = inFlight.isEmpty() ? "while idle" : "while waiting for the reply to " + InFlightQueue.name(inFlight.headKind());
            fail(SessionFailure.Kind.DISCONNECTED, "the server closed the connection " + when, null);
        }
        releaseOut();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof SmtpProtocolException) {
            fail(SessionFailure.Kind.PROTOCOL_ERROR, c.getMessage(), null);
        } else if (c instanceof SSLException ssl) {
            fail(SessionFailure.Kind.TLS_FAILED, "TLS with " + settings.destination() + " failed: " + ClientTls.describe(ssl), null);
        } else if (c instanceof IOException) {
            fail(SessionFailure.Kind.DISCONNECTED, "connection to " + settings.destination() + " broke: " + c.getMessage(), null);
        } else {
            LOG.log(System.Logger.Level.ERROR, id + " internal error", c);
            fail(SessionFailure.Kind.PROTOCOL_ERROR, "internal error: " + c, null);
        }
    }

    /** The event loop's clock (a mock one in tests). */
    long now() {
        return ctx.executor().ticker().nanoTime();
    }

    void connectStarted(long nanos) {
        opening.connectStarted(nanos);
    }

    /** TLS is being negotiated: the deadline covers the handshake. */
    void startHandshake(SslHandler tls) {
        handshaking = true;
        ctx.pipeline().addFirst("tls", tls);
        touchDeadline();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    SSLSession tlsSession() {
        return ctx.pipeline().get(SslHandler.class).engine().getSession();
    }

    void becomeReady() {
        ready = true;
        EhloCapabilities caps = opening.capabilities();
        boolean pipelining = settings.pipelining() && caps.pipelining();
        boolean chunking = settings.chunking() && caps.chunking();
        info = opening.info(id, pipelining, chunking);
        SessionInfo i = info;
        LOG.log(System.Logger.Level.DEBUG, () -> id + " open to " + settings.destination() + ": " + caps
                + (i.tlsProtocol() == null ? ", plaintext" : ", " + i.tlsProtocol() + " " + i.tlsCipher())
                + (i.authMechanism() == null ? "" : ", AUTH " + i.authMechanism()));
        opened.complete(connection);
        transactions.ready(pipelining, chunking);
    }

    // ---- what the pipeline and the connection use ----

    /**
     * Open for commands. A requested QUIT does not stop the queue: close() promises QUIT once
     * every queued transaction is done, and {@link #onIdle} sends it only when nothing waits.
     */
    boolean isReady() {
        return ready && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    EhloCapabilities capabilities() {
        return opening.capabilities();
    }

    SessionInfo info() {
        SessionInfo i = info;
        return i != null ? i : opening.info(id, false, false);
    }

    TransactionPipeline transactions() {
        return transactions;
    }

    ConnectionSettings settings() {
        return settings;
    }

    String id() {
        return id;
    }

    boolean nothingInFlight() {
        return inFlight.isEmpty();
    }

    int inFlightRemaining() {
        return inFlight.remaining();
    }

    /** The buffer of the group being written; commands are appended and go out at the next flush. */
    ByteBuf buffer() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(512);
        }
        return out;
    }

    /** Writes a payload after the commands buffered so far. Takes ownership of {@code payload}. */
    void writePayload(ByteBuf payload) {
        if (out != null) {
            ctx.write(out, ctx.voidPromise());
            out = null;
        }
        ctx.write(payload, ctx.voidPromise());
        unflushed = true;
    }

    /**
     * Sends what was written since the last flush, and nothing else: a flush with nothing new would
     * still retry a large body the socket has not taken yet, one wasted write per call.
     */
    void flush() {
        if (out != null) {
            ctx.write(out, ctx.voidPromise());
            out = null;
            unflushed = true;
        }
        if (unflushed && !closed) {
            unflushed = false;
            ctx.flush();
            touchDeadline();
        }
    }

    /** Records that a reply to {@code kind} is due; the in-flight bound was checked by the caller. */
    void expect(byte kind, TransactionState owner, int arg) {
        boolean wasEmpty = inFlight.isEmpty();
        if (!inFlight.offer(kind, owner, arg)) {
            throw new IllegalStateException(id + " in-flight bound exceeded");
        }
        if (wasEmpty) {
            touchDeadline();
        }
    }

    /** The pipeline has nothing to do: QUIT if the owner asked us to close. */
    void onIdle() {
        if (quitRequested && ready && !closed && inFlight.isEmpty()) {
            buffer().writeBytes(CommandEncoder.QUIT);
            expect(QUIT, null, 0);
            ready = false;
            flush();
        }
    }

    void requestQuit() {
        if (closed) {
            return;
        }
        if (!ready && !opened.isDone()) {
            closeQuietly();
            return;
        }
        quitRequested = true;
        if (transactions.idle()) {
            onIdle();
        }
    }

    // ---- deadlines ----

    private void touchDeadline() {
        if (inFlight.isEmpty() && !handshaking) {
            deadlineNanos = 0;
            return;
        }
        deadlineNanos = ctx.executor().ticker().nanoTime() + timeoutFor(inFlight.headKind()).toNanos();
        if (!timerArmed && !closed) {
            timerArmed = true;
            ctx.executor().schedule(timerTask, deadlineNanos - ctx.executor().ticker().nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        timerArmed = false;
        if (closed || deadlineNanos == 0) {
            return;
        }
        long left = deadlineNanos - ctx.executor().ticker().nanoTime();
        if (left > 0) {
            timerArmed = true;
            ctx.executor().schedule(timerTask, left, TimeUnit.NANOSECONDS);
            return;
        }
        byte kind = inFlight.headKind();
        String what = handshaking && kind != GREETING ? "the TLS handshake" : "the reply to " + InFlightQueue.name(kind);
        fail(SessionFailure.Kind.TIMEOUT, "timed out after " + timeoutFor(kind).toSeconds() + " s waiting for " + what
                + " from " + settings.destination(), null);
    }

    private Duration timeoutFor(byte kind) {
        Timeouts t = settings.timeouts();
        return switch (kind) {
            case GREETING -> t.greeting();
            case EHLO, HELO -> t.ehlo();
            case STARTTLS -> t.starttls();
            case AUTH -> t.auth();
            case InFlightQueue.MAIL, InFlightQueue.RSET -> t.mail();
            case InFlightQueue.RCPT -> t.rcpt();
            case InFlightQueue.DATA -> t.data();
            case InFlightQueue.END_OF_DATA, InFlightQueue.BDAT -> t.endOfData();
            case QUIT -> t.quit();
            default -> t.starttls(); // a handshake with nothing in flight
        };
    }

    // ---- endings ----

    void fail(SessionFailure.Kind kind, String message, SmtpReply reply) {
        if (closed) {
            return;
        }
        SessionFailure f = new SessionFailure(kind, message, reply);
        closed = true;
        // A session that breaks with work in flight is worth a warning; an idle one closing is routine.
        LOG.log(inFlight.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, () -> id + " " + message);
        SessionInfo i = info();
        SmtpReply reason = f.asReply();
        // Each transaction is completed once and never touched after: a ReusableTransaction's owner
        // may fill it again as soon as its listener ran. A transaction's entries are adjacent in the
        // ring, and the one still commanding is left to failAll.
        TransactionState last = null;
        while (!inFlight.isEmpty()) {
            TransactionState t = inFlight.headOwner();
            inFlight.poll();
            if (t != null && t != last && !transactions.isCommanding(t)) {
                t.complete(reason, DeliveryStatus.DEFERRED, i);
            }
            last = t;
        }
        transactions.failAll(reason, i);
        releaseOut();
        opened.completeExceptionally(f);
        ctx.close();
    }

    private void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        transactions.failAll(SmtpReply.local(421, "4.4.2", "connection closed before the transaction was sent"), info());
        releaseOut();
        opened.completeExceptionally(new SessionFailure(SessionFailure.Kind.DISCONNECTED, "closed before the session opened", null));
        ctx.close();
    }

    private void releaseOut() {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    void failConnect(Throwable cause) {
        opened.completeExceptionally(new SessionFailure(SessionFailure.Kind.CONNECT_FAILED,
                "cannot connect to " + settings.destination() + ": " + cause.getMessage(), null));
    }

    SmtpConnection connection() {
        return connection;
    }
}
