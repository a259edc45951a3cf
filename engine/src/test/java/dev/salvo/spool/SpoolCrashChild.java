package dev.salvo.spool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link SpoolCrashTest} kills: writes recipients to a SYNC spool from four threads,
 * one per put, and prints each sequence number on its own line once its put is acknowledged. It
 * never closes the spool; it runs until killed (or a million puts).
 */
public final class SpoolCrashChild {
    static final int SUBMITTERS = 4;

    public static void main(String[] args) throws Exception {
        Spool spool = Spool.open(Path.of(args[0]), Durability.SYNC);
        ContentId id = ContentId.next();
        spool.putContent(id, "Subject: crash\r\n\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).join();
        PrintStream out = System.out;
        AtomicInteger next = new AtomicInteger();
        Thread[] threads = new Thread[SUBMITTERS];
        for (int t = 0; t < SUBMITTERS; t++) {
            threads[t] = new Thread(() -> {
                ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
                for (int seq = next.getAndIncrement(); seq < 1_000_000; seq = next.getAndIncrement()) {
                    int acked = seq;
                    inFlight.add(spool.putRecipients(id, seq, List.of(Scanned.recipient(seq))).thenRun(() -> {
                        synchronized (out) {
                            out.println(acked);
                            out.flush();
                        }
                    }));
                    if (inFlight.size() == 8) {
                        inFlight.remove().join();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
