package dev.salvo.engine;

import dev.salvo.api.DeliveryListener;
import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.api.Recovery;
import dev.salvo.api.CampaignRow;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.RollupRule;
import dev.salvo.config.SalvoConfig;
import dev.salvo.events.EventLog;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.route.MxResolver;
import dev.salvo.route.SiteKeys;
import dev.salvo.route.TestModeOverride;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.suppress.Suppression;
import dev.salvo.throttle.RetrySchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import dev.salvo.spool.ContentId;

/** The engine behind {@link SalvoEngine}: builds the parts, runs the dispatch thread, validates submissions. */
public final class Engine implements SalvoEngine {
    private static final System.Logger LOG = System.getLogger("dev.salvo.engine");

    private final SmtpClient client;
    private final MxResolver resolver;
    private final EventLog events;
    private final OutcomeLog outcomes;
    private final Bounces bounces;
    private final EngineStats.Counters counters = new EngineStats.Counters();
    private final DispatchLoop loop;
    private final Thread thread;
    private final EngineOptions options;
    /** Null without a spool (memory only). */
    private final SpoolKeeper keeper;
    private final Recovery recovery;
    private volatile boolean closing;

    private Engine(EngineOptions o) {
        this.options = o;
        SalvoConfig cfg = o.config();
        try {
            // With a spool the run may be a resumption: its events follow those of the runs before.
            this.events = o.eventsFile() == null ? null
                    : o.spool() != null ? EventLog.append(o.eventsFile()) : EventLog.open(o.eventsFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the events file " + o.eventsFile() + ": " + e.getMessage(), e);
        }
        // One event loop per core (Netty's default is two): with the dispatch and rendering threads
        // beside them, more loops only add wake-ups; a 100,000-row campaign ran ~4% faster with two than four.
        this.client = new SmtpClient(o.ioThreads() > 0 ? o.ioThreads() : Runtime.getRuntime().availableProcessors());
        boolean testMode = cfg.testMode() != null && !cfg.testMode().mxOverride().isEmpty();
        List<SiteKeys.Rollup> rollups = new ArrayList<>();
        for (RollupRule r : cfg.rollup()) {
            rollups.add(new SiteKeys.Rollup(r.mxPattern(), r.site()));
        }
        MxResolver.Options mx = MxResolver.Options.defaults().withSiteKeys(new SiteKeys(rollups)).withPort(o.mxPort());
        if (testMode) {
            mx = mx.withTestMode(new TestModeOverride(cfg.testMode().mxOverride()));
        }
        this.resolver = new MxResolver(client.eventLoopGroup(), o.dnsServers(), o.wallClock(), mx);
        Router router = new Router(cfg, resolver, o.relay(), o.env());
        this.bounces = new Bounces(o.bounces(), o.wallClock());
        this.outcomes = new OutcomeLog(events, o.metrics(), o.wallClock(), counters, bounces);
        RetryPolicy p = cfg.retry();
        RetrySchedule retry = new RetrySchedule(p.initial(), p.factor(), p.maxInterval(), p.jitter(), p.maxAge());
        this.keeper = o.spool() == null ? null : new SpoolKeeper(o.spool(), events, o.nanoClock(), o.wallClock());
        this.loop = new DispatchLoop(o.ingestCapacity(), router, client, outcomes, retry, o.nanoClock(), counters, o.metrics(), keeper);
        if (keeper != null) {
            SpoolKeeper.Resumed r;
            try {
                r = keeper.resume(o.renderers());
            } catch (RuntimeException e) {
                // A spool that cannot be read back refuses the start; nothing of it is discarded.
                resolver.close();
                client.close();
                o.spool().close();
                if (events != null) {
                    events.close();
                }
                throw e;
            }
            counters.accepted(r.recipients().size());
            loop.resume(r);
            this.recovery = new Recovery(r.recipients().size(), r.inFlight().size());
            if (o.metrics() != null) {
                o.metrics().registerSpool(keeper.spool()::healthy, keeper.spool()::stats);
            }
        } else {
            this.recovery = Recovery.NONE;
        }
        if (o.metrics() != null) {
            o.metrics().registerQueueDepth("ingest", loop.ingest::size);
            o.metrics().registerQueueDepth("queued", () -> counters.snapshot().queued());
        }
        this.thread = new Thread(loop, "salvo-dispatch");
        this.thread.setDaemon(true);
    }

    public static Engine start(EngineOptions options) {
        Engine e = new Engine(options);
        e.thread.start();
        return e;
    }

    @Override
    public SubmitResult submit(Submission s) {
        if (s.recipients().isEmpty() && !closing) { // a closing engine says so first, whatever it is offered
            return SubmitResult.rejected("the submission has no recipients");
        }
        SubmitResult refused = refusal(s.content());
        if (refused != null) {
            return refused;
        }
        List<EmailAddress> recipients = dropSuppressed(s.sender(), s.recipients(), s.content());
        if (recipients.isEmpty()) {
            return SubmitResult.ACCEPTED; // every recipient already has its final event: suppressed
        }
        if (!loop.reserve()) {
            return SubmitResult.BACKPRESSURE;
        }
        if (keeper != null) {
            return spool(s, recipients);
        }
        Envelope env = new Envelope(s.sender(), s.content().retain(), s.campaignId(), s.dsn(), recipients.size(),
                options.nanoClock().getAsLong());
        boolean offered = loop.ingest.offer(new IngestItem(env, recipients));
        assert offered : "a reserved slot is always free";
        counters.accepted(recipients.size());
        loop.wake();
        return SubmitResult.ACCEPTED;
    }

    /** Why nothing of a submission can be taken (the engine is closing, the content is gone), or null. */
    private SubmitResult refusal(MessageContent content) {
        if (closing) {
            return SubmitResult.rejected("the engine is closing and takes no new mail");
        }
        if (content.refCnt() == 0) {
            return SubmitResult.rejected("the message content was already released");
        }
        return null;
    }

    /**
     * With a slot reserved and a spool that cannot take writes: gives the slot back and says why
     * (UNAVAILABLE); null when the spool is fine.
     */
    private SubmitResult unhealthySpool() {
        if (keeper.healthy()) {
            return null;
        }
        loop.unreserve();
        return SubmitResult.unavailable(keeper.health());
    }

    /**
     * The recipients not on the suppression list; each suppressed one gets its {@code suppressed}
     * event now. The list comes back as is when nobody is suppressed.
     */
    private List<EmailAddress> dropSuppressed(EmailAddress sender, List<EmailAddress> all, MessageContent content) {
        List<EmailAddress> kept = null;
        for (int i = 0; i < all.size(); i++) {
            Suppression why = bounces.suppressed(sender, all.get(i));
            if (why != null) {
                if (kept == null) {
                    kept = new ArrayList<>(all.subList(0, i));
                }
                outcomes.suppressed(content.messageIdHeader(), all.get(i).address(), why);
            } else if (kept != null) {
                kept.add(all.get(i));
            }
        }
        return kept == null ? all : kept;
    }

    /**
     * The submission is written to the spool, and only once it is durable is it counted and handed to
     * the dispatch thread (its slot is reserved, so that offer cannot fail). If the write fails, the
     * submission was never taken: the slot and the content go back, and {@code stored()} fails.
     */
    private SubmitResult spool(Submission s, List<EmailAddress> recipients) {
        SubmitResult unavailable = unhealthySpool();
        if (unavailable != null) {
            return unavailable;
        }
        Envelope env = new Envelope(s.sender(), s.content().retain(), s.campaignId(), s.dsn(), recipients.size(),
                options.nanoClock().getAsLong(), ContentId.next());
        return durable(env, new IngestItem(env, recipients), () -> keeper.store(env, recipients, s.campaignRowsDone()));
    }

    /** Writes with {@code write}; once durable, counts the item and hands it to the dispatch thread (its place is reserved). */
    private SubmitResult durable(Envelope env, IngestItem item, java.util.function.Supplier<CompletableFuture<Void>> write) {
        int n = item.recipients().size();
        CompletableFuture<Void> stored;
        try {
            stored = write.get();
        } catch (RuntimeException e) {
            env.content.release();
            loop.unreserve();
            throw e;
        }
        return SubmitResult.accepted(stored.handle((v, ex) -> {
            if (ex != null) {
                env.content.release();
                loop.unreserve();
                throw ex instanceof CompletionException ce ? ce : new CompletionException(ex);
            }
            boolean offered = loop.ingest.offer(item);
            assert offered : "a reserved slot is always free";
            counters.accepted(n);
            loop.wake();
            return null;
        }));
    }

    @Override
    public OpenedCampaign openCampaign(String campaignId, EmailAddress sender, DsnOptions dsn, byte[] template) {
        if (keeper == null) {
            return new OpenedCampaign(template, 0);
        }
        byte[] inForce = keeper.openCampaign(campaignId, sender, dsn, template);
        return new OpenedCampaign(inForce, Math.max(0, keeper.spool().campaignRows(campaignId)));
    }

    @Override
    public void closeCampaign(String campaignId) {
        if (keeper != null) {
            keeper.closeCampaign(campaignId);
        }
    }

    /**
     * A row of an opened campaign: with a spool its record (address and merge fields) goes under the
     * campaign's template, with the row count in the same batch; the rendered message stays in memory.
     */
    @Override
    public SubmitResult submit(CampaignRow row, EmailAddress sender, DsnOptions dsn) {
        ContentId template = keeper == null ? null : keeper.campaignTemplate(row.campaignId());
        if (template == null) {
            return submit(new Submission(sender, List.of(row.recipient()), row.content(), row.campaignId(), dsn, row.row()));
        }
        SubmitResult refused = refusal(row.content());
        if (refused != null) {
            return refused;
        }
        if (dropSuppressed(sender, List.of(row.recipient()), row.content()).isEmpty()) {
            return SubmitResult.ACCEPTED; // final already: suppressed, nothing to keep
        }
        if (!loop.reserve()) {
            return SubmitResult.BACKPRESSURE;
        }
        SubmitResult unavailable = unhealthySpool();
        if (unavailable != null) {
            return unavailable;
        }
        Envelope env = new Envelope(sender, row.content().retain(), row.campaignId(), dsn, 1, options.nanoClock().getAsLong(),
                template, row.row(), row.fields());
        return durable(env, new IngestItem(env, List.of(row.recipient())), () -> keeper.storeRow(env, row.recipient()));
    }

    @Override
    public long campaignRowsDone(String campaignId) {
        return keeper == null ? -1 : keeper.spool().campaignRows(campaignId);
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public void reject(String recipient, String reason) {
        outcomes.rejected(recipient, reason);
    }

    @Override
    public void addListener(DeliveryListener listener) {
        outcomes.addListener(listener);
    }

    @Override
    public void addSessionListener(dev.salvo.api.SessionListener listener) {
        loop.sessionListeners.add(listener);
    }

    @Override
    public EngineStats stats() {
        return counters.snapshot();
    }

    @Override
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            EngineStats s = stats();
            if (s.finished() >= s.accepted()) {
                return true;
            }
            if (System.nanoTime() >= deadline || loop.stopped()) {
                return false;
            }
            // A progress poll, not synchronisation: the dispatch thread publishes counts as it goes.
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Wakes the dispatch thread, e.g. after a test moved the injected clock. */
    void wake() {
        loop.wake();
    }

    /** The injected clock's reading at the end of the dispatch thread's last pass with nothing under way (tests). */
    long quietSince() {
        return loop.quietSince();
    }

    @Override
    public void close() {
        closing = true;
        loop.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EngineStats s = stats();
        long left = s.accepted() - s.finished();
        if (left > 0 && keeper == null) {
            LOG.log(System.Logger.Level.WARNING, left + " recipients were still queued at close; without the spool they"
                    + " are not kept past this process");
        } else if (left > 0) {
            LOG.log(System.Logger.Level.INFO, left + " recipients stay in the spool for the next start");
        }
        bounces.close();
        resolver.close();
        client.close();
        try {
            if (events != null) {
                events.close(); // runs the last removals, which wait for their events
            }
        } finally {
            if (keeper != null) {
                keeper.spool().close(); // last: it writes what the events log handed it
            }
        }
    }
}
