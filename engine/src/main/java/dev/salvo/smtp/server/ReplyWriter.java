package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;

/**
 * Writes a session's replies in order. Without latency, replies written while a read is being
 * processed are flushed together once the input is drained, as Postfix does (RFC 2920 §3.2 lets
 * the server batch pipelined replies). With latency each reply is scheduled on the event loop,
 * never slept for; equal delays keep their order because the loop runs scheduled tasks by deadline
 * and then by submission.
 */
final class ReplyWriter {
    private final ChannelHandlerContext ctx;
    private final long latencyNanos;
    private boolean batching;
    private boolean unflushed;

    ReplyWriter(ChannelHandlerContext ctx, long latencyMs) {
        this.ctx = ctx;
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMs);
    }

    void send(ByteBuf reply) {
        send(reply, null, false);
    }

    void sendThenClose(ByteBuf reply) {
        send(reply, null, true);
    }

    /** Runs {@code beforeWrite} on the event loop just before the reply is written (STARTTLS). */
    void sendAfter(Runnable beforeWrite, ByteBuf reply) {
        send(reply, beforeWrite, false);
    }

    /** Replies from here until {@link #endBatch()} are flushed together. */
    void beginBatch() {
        batching = true;
    }

    void endBatch() {
        batching = false;
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    private void send(ByteBuf reply, Runnable beforeWrite, boolean close) {
        assert ctx.executor().inEventLoop();
        if (latencyNanos == 0) {
            write(reply, beforeWrite, close, !batching || close);
        } else {
            ctx.executor().schedule(() -> write(reply, beforeWrite, close, true), latencyNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void write(ByteBuf reply, Runnable beforeWrite, boolean close, boolean flush) {
        if (beforeWrite != null) {
            beforeWrite.run();
        }
        if (flush) {
            unflushed = false;
            var future = ctx.writeAndFlush(reply);
            if (close) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        } else {
            unflushed = true;
            ctx.write(reply, ctx.voidPromise());
        }
    }
}
