package dev.salvo.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The events log: one JSON line per recipient outcome, appended to a file by a writer thread of
 * its own, so that whoever produces outcomes never waits on the disk.
 *
 * <p>{@link #append} may block while the queue is full: call it from a thread that may wait (the
 * sender's dispatch thread), never from a Netty event loop. {@link #close} writes what is queued,
 * flushes and reports the first write error.
 */
public final class EventLog implements AutoCloseable {
    /** Enough to absorb bursts from every connection while the writer is in the middle of a flush. */
    static final int QUEUE_CAPACITY = 8192;
    private static final int BATCH = 512;
    /** Sentinel that tells the writer to finish; identity-compared, never written. */
    private static final DeliveryEvent END = new DeliveryEvent(java.time.Instant.EPOCH, DeliveryEvent.Outcome.EXPIRED,
            null, "", "", 0, null, null, null, null);

    private final Path file;
    private final BufferedWriter out;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    private volatile IOException failure;
    private volatile boolean closed;

    private EventLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
        this.writer = new Thread(this::drainUntilEnd, "salvo-events");
        writer.setDaemon(true);
        writer.start();
    }

    /** Creates (or truncates) the file now, so that a bad path is an error before anything is sent. */
    public static EventLog open(Path file) throws IOException {
        return new EventLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * Opens the file for appending (creating it if needed): a run that resumes from the spool adds
     * to the events of the runs before it rather than erasing them.
     */
    public static EventLog append(Path file) throws IOException {
        return new EventLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND));
    }

    public Path file() {
        return file;
    }

    /** Queues one event, waiting for room when the writer is behind. */
    public void append(DeliveryEvent e) {
        if (closed) {
            throw new IllegalStateException("the events log " + file + " is closed");
        }
        try {
            queue.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to the events log", ie);
        }
    }

    /**
     * Runs {@code action} on the writer thread once every event appended before it has been written
     * and flushed to the operating system (so it survives the process being killed). The spool uses
     * it to forget a recipient only after its final event is out. If writing the log has failed,
     * the action is not run: what it would have forgotten stays (and is reported at the next start).
     */
    public void afterWritten(Runnable action) {
        if (closed) {
            throw new IllegalStateException("the events log " + file + " is closed");
        }
        try {
            queue.put(action);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to the events log", ie);
        }
    }

    private void drainUntilEnd() {
        List<Object> batch = new ArrayList<>(BATCH);
        StringBuilder line = new StringBuilder(256);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                for (Object e : batch) {
                    if (e == END) {
                        flush();
                        return;
                    }
                    if (e instanceof Runnable action) {
                        flush();
                        runAfterWrite(action);
                    } else {
                        write(line, (DeliveryEvent) e);
                    }
                }
                batch.clear();
                // Flush whenever the queue runs dry, so that `tail -f` follows a slow run live.
                if (queue.isEmpty()) {
                    flush();
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void runAfterWrite(Runnable action) {
        if (failure != null) {
            return;
        }
        try {
            action.run();
        } catch (RuntimeException ex) {
            // The action belongs to someone else; its failure must not stop the events log.
            System.getLogger("dev.salvo.events").log(System.Logger.Level.WARNING, "an after-write action failed", ex);
        }
    }

    private void write(StringBuilder line, DeliveryEvent e) {
        if (failure != null) {
            return; // keep draining so producers never block on a dead disk; close() reports it
        }
        line.setLength(0);
        JsonLine.append(line, e);
        try {
            out.append(line);
        } catch (IOException ex) {
            failure = ex;
        }
    }

    private void flush() {
        if (failure == null) {
            try {
                out.flush();
            } catch (IOException ex) {
                failure = ex;
            }
        }
    }

    /** Writes every queued event, flushes and closes the file; throws if any write failed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(END);
            writer.join();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException ex) {
            if (failure == null) {
                failure = ex;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("writing the events log " + file + " failed: " + failure.getMessage(), failure);
        }
    }
}
