package dev.salvo.engine;

import dev.salvo.api.BounceOptions;
import dev.salvo.bounce.Classification;
import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.suppress.Suppression;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The engine's side of the bounce rules and the suppression list: classifies refusals on the
 * dispatch thread, checks recipients at submit, and records hard bounces.
 *
 * <p>Recording goes to its own thread: the list may be on disk (a synced RocksDB write), and the
 * dispatch thread never waits for a disk. The queue of pending writes is unbounded, but it only
 * ever holds hard bounces, which are at most one per accepted recipient.
 */
final class Bounces {
    private static final System.Logger LOG = System.getLogger("dev.salvo.engine");

    private final BounceOptions options;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "salvo-suppress");
        t.setDaemon(true);
        return t;
    });
    /**
     * The last reply classified and its result. Dispatch thread only. Replies are interned by the
     * decoder and a reply is classified again when its outcome is logged, so one entry saves most work.
     */
    private SmtpReply lastReply;
    private Classification last;

    Bounces(BounceOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    /** A refusal's class and disposition; null for a positive reply. Dispatch thread only. */
    Classification classify(SmtpReply reply) {
        if (reply == lastReply) {
            return last;
        }
        Classification c = options.rules().classify(reply);
        lastReply = reply;
        last = c;
        return c;
    }

    /** The entry that stops this mail, or null. Any thread (the submitter's). */
    Suppression suppressed(EmailAddress sender, EmailAddress recipient) {
        // An empty list (the common case for a first campaign) costs nothing: no key is built.
        return options.suppression().size() == 0 ? null : options.suppression().find(sender.domain(), recipient.address());
    }

    /** Records a hard bounce about the address; returns at once. Dispatch thread. */
    void suppress(EmailAddress sender, String recipient, SmtpReply reply) {
        Suppression entry = new Suppression(options.hardBounceScope().scopeFor(sender.domain()), recipient,
                Suppression.Reason.HARD_BOUNCE, reply.toString(), clock.instant());
        writer.execute(() -> {
            try {
                options.suppression().add(entry);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot record the hard bounce of " + recipient
                        + " on the suppression list: " + e.getMessage());
            }
        });
    }

    /** Lets pending writes finish; the list itself belongs to whoever opened it. */
    void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "hard bounces were still being written to the suppression list at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
