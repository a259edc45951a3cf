package dev.salvo.cli;

import dev.salvo.campaign.CampaignException;
import dev.salvo.campaign.RecipientRow;
import dev.salvo.message.MessageContent;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders (and DKIM-signs) a campaign's rows on a small pool while the CLI's thread reads the list
 * and submits, and hands them back in list order: the spool counts rows by their position, so the
 * order of submission must stay the order of the file. Rendering and signing are most of a
 * campaign's own CPU (RSA signing alone caps one thread near 4,000 messages/s), and the reading and
 * submitting thread has its own work, so on two cores this is the difference between one busy core
 * and two. Bounded: at most {@code window} rows are rendered ahead, so memory stays flat.
 */
final class RenderAhead implements AutoCloseable {
    /** What one row became: its message, or why it could not be rendered. */
    record Rendered(RecipientRow row, long sequence, MessageContent message, CampaignException error) {}

    /** The work for one row, on a pool thread. */
    interface Renderer {
        MessageContent render(RecipientRow row, long sequence);
    }

    private final ExecutorService pool;
    private final ArrayDeque<Future<Rendered>> ahead = new ArrayDeque<>();
    private final int window;
    private final Renderer renderer;

    RenderAhead(int threads, int window, Renderer renderer) {
        this.window = window;
        this.renderer = renderer;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "salvo-render");
            t.setDaemon(true);
            return t;
        });
    }

    /** The pool for this machine: one thread a core, at least one, at most four. */
    static int threadsForThisMachine() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Queues a row; when the window is full, returns the oldest row's result (in list order), else
     * null. The caller owns a returned message and releases it.
     */
    Rendered offer(RecipientRow row, long sequence) throws InterruptedException {
        ahead.addLast(pool.submit(() -> {
            try {
                return new Rendered(row, sequence, renderer.render(row, sequence), null);
            } catch (CampaignException e) {
                return new Rendered(row, sequence, null, e);
            }
        }));
        return ahead.size() > window ? next() : null;
    }

    /** The oldest row's result, or null when none is waiting (after the list ended). */
    Rendered next() throws InterruptedException {
        Future<Rendered> f = ahead.pollFirst();
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Stops the pool; messages rendered but never taken are released, so nothing leaks on an early end. */
    @Override
    public void close() {
        pool.shutdownNow();
        Future<Rendered> f;
        while ((f = ahead.pollFirst()) != null) {
            try {
                Rendered r = f.get();
                if (r.message() != null) {
                    r.message().release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // never rendered: nothing to release
            }
        }
    }
}
