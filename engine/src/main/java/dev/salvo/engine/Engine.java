package dev.salvo.engine;

import dev.salvo.api.DeliveryListener;
import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.RollupRule;
import dev.salvo.config.SalvoConfig;
import dev.salvo.events.EventLog;
import dev.salvo.route.MxResolver;
import dev.salvo.route.SiteKeys;
import dev.salvo.route.TestModeOverride;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.throttle.RetrySchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The engine behind {@link SalvoEngine}: builds the parts, runs the dispatch thread, validates submissions. */
public final class Engine implements SalvoEngine {
    private static final System.Logger LOG = System.getLogger("dev.salvo.engine");

    private final SmtpClient client;
    private final MxResolver resolver;
    private final EventLog events;
    private final OutcomeLog outcomes;
    private final EngineStats.Counters counters = new EngineStats.Counters();
    private final DispatchLoop loop;
    private final Thread thread;
    private final EngineOptions options;
    private volatile boolean closing;

    private Engine(EngineOptions o) {
        this.options = o;
        SalvoConfig cfg = o.config();
        try {
            this.events = o.eventsFile() == null ? null : EventLog.open(o.eventsFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the events file " + o.eventsFile() + ": " + e.getMessage(), e);
        }
        this.client = new SmtpClient(o.ioThreads());
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
        this.outcomes = new OutcomeLog(events, o.metrics(), o.wallClock(), counters);
        RetryPolicy p = cfg.retry();
        RetrySchedule retry = new RetrySchedule(p.initial(), p.factor(), p.maxInterval(), p.jitter(), p.maxAge());
        this.loop = new DispatchLoop(o.ingestCapacity(), router, client, outcomes, retry, o.nanoClock(), counters, o.metrics());
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
        if (closing) {
            return SubmitResult.rejected("the engine is closing and takes no new mail");
        }
        if (s.recipients().isEmpty()) {
            return SubmitResult.rejected("the submission has no recipients");
        }
        if (s.content().refCnt() == 0) {
            return SubmitResult.rejected("the message content was already released");
        }
        Envelope env = new Envelope(s.sender(), s.content().retain(), s.campaignId(), s.dsn(), s.recipients().size(),
                options.nanoClock().getAsLong());
        if (!loop.ingest.offer(new IngestItem(env, s.recipients()))) {
            s.content().release();
            return SubmitResult.BACKPRESSURE;
        }
        counters.accepted(s.recipients().size());
        loop.wake();
        return SubmitResult.ACCEPTED;
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
        if (left > 0) {
            LOG.log(System.Logger.Level.WARNING, left + " recipients were still queued at close; without the spool they"
                    + " are not kept past this process");
        }
        resolver.close();
        client.close();
        if (events != null) {
            events.close();
        }
    }
}
