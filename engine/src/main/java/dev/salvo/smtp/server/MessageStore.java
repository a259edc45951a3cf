package dev.salvo.smtp.server;

import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where accepted messages go: the in-memory capture (the most recent N, for tests) and the
 * maildir, then the {@link InboundHandler} when there is one. Disk writes and the handler run on one
 * dedicated thread, never on an event loop; the outcome comes back on the session's loop, and only
 * then does the client get its 250.
 */
final class MessageStore implements AutoCloseable {
    private final int captureLimit;
    private final ArrayDeque<ReceivedMessage> captured = new ArrayDeque<>();
    private final Path maildir;
    private final InboundHandler handler;
    private final ExecutorService diskWriter;
    private final AtomicLong sequence = new AtomicLong();
    private final String uniqueSuffix = "P" + ProcessHandle.current().pid() + ".salvo-sink";

    MessageStore(SinkConfig config) throws IOException {
        this(config, null);
    }

    MessageStore(SinkConfig config, InboundHandler handler) throws IOException {
        this.captureLimit = config.captureLimit();
        this.maildir = config.maildir();
        this.handler = handler;
        if (maildir != null) {
            // Maildir layout: deliver into tmp/, then rename into new/ so readers never see half a file.
            try {
                for (String sub : new String[] {"tmp", "new", "cur"}) {
                    Files.createDirectories(maildir.resolve(sub));
                }
            } catch (IOException e) {
                throw new IOException("cannot create the maildir " + maildir + " (" + e + ")", e);
            }
        }
        if (maildir != null || handler != null) {
            diskWriter = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, maildir != null ? "salvo-sink-maildir" : "salvo-sink-handler");
                t.setDaemon(true);
                return t;
            });
        } else {
            diskWriter = null;
        }
    }

    /** Stores {@code message}; {@code done} runs on {@code loop} with null on success or the failure. */
    void store(ReceivedMessage message, EventExecutor loop, Consumer<Throwable> done) {
        capture(message);
        if (diskWriter == null) {
            done.accept(null);
            return;
        }
        try {
            diskWriter.execute(() -> {
                Throwable failure = null;
                try {
                    if (maildir != null) {
                        writeToMaildir(message);
                    }
                    if (handler != null) {
                        handler.deliver(message);
                    }
                } catch (Exception e) {
                    failure = e;
                }
                Throwable outcome = failure;
                loop.execute(() -> done.accept(outcome));
            });
        } catch (RejectedExecutionException e) {
            done.accept(e);
        }
    }

    List<ReceivedMessage> captured() {
        synchronized (captured) {
            return new ArrayList<>(captured);
        }
    }

    private void capture(ReceivedMessage message) {
        if (captureLimit == 0) {
            return;
        }
        synchronized (captured) {
            if (captured.size() == captureLimit) {
                captured.removeFirst();
            }
            captured.addLast(message);
        }
    }

    private void writeToMaildir(ReceivedMessage message) throws IOException {
        long now = System.currentTimeMillis();
        String name = (now / 1000) + ".M" + (now % 1000) + "Q" + sequence.incrementAndGet() + uniqueSuffix;
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.write(tmp, message.content());
        Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        if (diskWriter != null) {
            diskWriter.shutdown();
            try {
                diskWriter.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
