package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int PUTS = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentSubmittersShareFsyncs() throws Exception {
        ContentId id = ContentId.next();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            List<Future<?>> submitters = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                submitters.add(pool.submit(() -> {
                    // Each submitter keeps a window of puts in flight, as the engine would for a campaign.
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int i = 0; i < PUTS; i++) {
                        int seq = thread * PUTS + i;
                        acks.add(spool.putRecipients(id, seq, List.of(Scanned.recipient(seq))));
                        if (acks.size() == 16) {
                            acks.remove(0).join();
                        }
                    }
                    acks.forEach(CompletableFuture::join);
                }));
            }
            for (Future<?> f : submitters) {
                f.get();
            }
            SpoolStats stats = spool.stats();
            System.out.println("group commit: " + THREADS * PUTS + " puts in " + stats.syncs() + " fsync'd batches");
            assertThat(stats.syncs()).isEqualTo(stats.batches()).isLessThan(THREADS * PUTS / 10);
            assertThat(stats.pendingRecipients()).isEqualTo(THREADS * PUTS);
            assertThat(Scanned.of(spool).recipients()).hasSize(THREADS * PUTS);
        } finally {
            pool.shutdownNow();
        }
    }
}
