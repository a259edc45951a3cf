package dev.salvo.engine;

import dev.salvo.api.EngineStats;
import dev.salvo.bounce.Classification;
import dev.salvo.bounce.Disposition;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.message.EmailAddress;
import dev.salvo.metrics.SalvoMetrics;
import dev.salvo.smtp.DeliveryStatus;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.smtp.ReusableTransaction;
import dev.salvo.throttle.Backoff;
import dev.salvo.throttle.RetrySchedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * The dispatch thread: the one owner of every destination's state. It drains the ingest queue,
 * routes recipients to destinations, lets each destination send as its shaping allows, and turns
 * transaction results into outcomes, retries and backoff.
 *
 * <p>Work crosses threads only through JCTools queues: injectors offer to the bounded ingest queue
 * (a full queue is backpressure, never a wait), event loops and the resolver post
 * {@link Completion}s. A wake-up flag plus {@link LockSupport#unpark} makes sure a post after the
 * last drain is never slept through (the flag is cleared before draining, and parking is skipped
 * when it is set again).
 */
final class DispatchLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.salvo.engine");
    private static final int DRAIN_LIMIT = 4096;
    private static final long MAX_PARK = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long ROUTE_CACHE = TimeUnit.MINUTES.toNanos(5);

    final MpscArrayQueue<IngestItem> ingest;
    /**
     * Submissions between submit and this thread's drain: waiting for the spool, or in the ingest
     * queue. A submission reserves its slot first, so the offer that follows its spool write cannot
     * fail. NOTE: counted up by injectors, down here after the poll, so the queue never holds more.
     */
    private final AtomicInteger reserved = new AtomicInteger();
    private final int capacity;
    /** Null without a spool. */
    private final SpoolKeeper keeper;
    /** What the spool held at start, queued by the first pass; then null. */
    private SpoolKeeper.Resumed resumed;
    final MpscUnboundedXaddArrayQueue<Completion> completions = new MpscUnboundedXaddArrayQueue<>(1024);
    private final Router router;
    private final SmtpClient client;
    private final OutcomeLog outcomes;
    private final RetrySchedule retry;
    private final LongSupplier nanos;
    private final EngineStats.Counters counters;
    private final SalvoMetrics metrics;
    private final Bounces bounces;
    private final AtomicBoolean wakeup = new AtomicBoolean();
    private final SplittableRandom random = new SplittableRandom();
    /** Told of every session opened or failed to open; dispatch thread. */
    final List<dev.salvo.api.SessionListener> sessionListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Map<String, Destination> sites = new HashMap<>();
    /** The same destinations, to walk by index (a pass over a map's values makes an iterator). */
    private final List<Destination> siteList = new ArrayList<>();
    /** Routed domains, looked up by the address bytes (no String per recipient) through {@link #domainProbe}. */
    private final Map<DomainKey, Routed> domains = new HashMap<>();
    private final DomainKey domainProbe = DomainKey.probe();
    /** Made once: a lambda in drainCompletions would be a new object every pass. */
    private final org.jctools.queues.MessagePassingQueue.Consumer<Completion> onCompletion = this::onCompletion;
    /** Opens sessions; the client's connect, or a benchmark's canned session. */
    java.util.function.Function<dev.salvo.smtp.ConnectionSettings, java.util.concurrent.CompletableFuture<dev.salvo.smtp.SmtpConnection>> connector;
    private final Map<String, List<QueuedRecipient>> awaitingRoute = new HashMap<>();
    /** Recipients whose domain could not be routed for now (DNS trouble), by next attempt. */
    private final PriorityQueue<QueuedRecipient> unrouted = new PriorityQueue<>(Comparator.comparingLong(r -> r.nextAttempt));
    private volatile Thread thread;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private long queued;
    private long inFlight;
    private int connecting;
    /**
     * The clock reading of the last pass that ended with nothing under way (no transaction, no
     * connection being opened, no DNS lookup), for tests that move an injected clock.
     */
    private volatile long quietSince = Long.MIN_VALUE;

    private record Routed(Destination destination, RouteDecision decision, long expires) {}

    DispatchLoop(int ingestCapacity, Router router, SmtpClient client, OutcomeLog outcomes, RetrySchedule retry,
            LongSupplier nanos, EngineStats.Counters counters, SalvoMetrics metrics, SpoolKeeper keeper) {
        this.metrics = metrics;
        this.keeper = keeper;
        this.capacity = ingestCapacity;
        this.ingest = new MpscArrayQueue<>(ingestCapacity);
        this.router = router;
        this.client = client;
        this.outcomes = outcomes;
        this.retry = retry;
        this.nanos = nanos;
        this.counters = counters;
        this.bounces = outcomes.bounces();
        this.connector = settings -> client.connect(settings);
    }

    /** Any thread: something was posted; make sure the dispatch thread looks. */
    void wake() {
        if (!wakeup.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Any thread: takes a place for one submission; false when the engine is full (backpressure). */
    boolean reserve() {
        if (reserved.incrementAndGet() > capacity) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Any thread: a reserved submission was not taken after all (its spool write failed). */
    void unreserve() {
        reserved.decrementAndGet();
    }

    /** Before the thread starts: recipients read back from the spool, queued on their schedule before new work. */
    void resume(SpoolKeeper.Resumed r) {
        this.resumed = r;
    }

    /** Ends the loop once no transaction is in flight; queued recipients stay where they are. */
    void stop() {
        stopping = true;
        wake();
    }

    boolean stopped() {
        return stopped;
    }

    /** Whether a wake-up was asked for since the loop last began a pass. */
    boolean wakePending() {
        return wakeup.get();
    }

    long quietSince() {
        return quietSince;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            queueResumed(nanos.getAsLong());
            while (!(stopping && inFlight == 0 && ingest.isEmpty() && reserved.get() == 0)) {
                wakeup.set(false);
                long now = nanos.getAsLong();
                drainIngest(now);
                drainCompletions();
                long next = now + MAX_PARK;
                next = Math.min(next, retryUnrouted(now));
                if (!stopping) {
                    for (int i = 0; i < siteList.size(); i++) { // by index: a map's values() would make an iterator a pass
                        Destination d = siteList.get(i);
                        next = Math.min(next, pump(d, now));
                        d.publishGauges(now);
                    }
                }
                counters.queued(queued - inFlight);
                counters.inFlight(inFlight);
                if (keeper != null) {
                    keeper.endOfPass();
                }
                if (inFlight == 0 && connecting == 0 && awaitingRoute.isEmpty() && completions.isEmpty()) {
                    quietSince = now;
                }
                long wait = next - nanos.getAsLong();
                if (wait > 0 && !wakeup.get()) {
                    LockSupport.parkNanos(this, Math.min(wait, MAX_PARK));
                }
            }
            for (Destination d : sites.values()) {
                for (SiteConnection c : d.connections) {
                    c.connection.close();
                }
            }
            releaseQueued();
            if (keeper != null) {
                keeper.endOfPass();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the dispatch loop failed; the engine stops", e);
            throw e;
        } finally {
            stopped = true;
        }
    }

    /**
     * The engine is going away with recipients still queued: without the spool they cannot be
     * kept, so their hold on the message content ends here (the close logs how many there were).
     */
    private void releaseQueued() {
        ingest.drain(item -> {
            for (int i = 0; i < item.recipients().size(); i++) {
                item.envelope().recipientDone();
            }
        });
        for (Destination d : sites.values()) {
            d.ready.forEach(r -> r.envelope.recipientDone());
            d.scheduled.forEach(r -> r.envelope.recipientDone());
            d.ready.clear();
            d.scheduled.clear();
        }
        unrouted.forEach(r -> r.envelope.recipientDone());
        unrouted.clear();
        awaitingRoute.values().forEach(list -> list.forEach(r -> r.envelope.recipientDone()));
        awaitingRoute.clear();
    }

    // ---- intake and routing ----

    private void drainIngest(long now) {
        ingest.drain(item -> {
            reserved.decrementAndGet();
            List<EmailAddress> rs = item.recipients();
            for (int i = 0; i < rs.size(); i++) {
                QueuedRecipient r = new QueuedRecipient(item.envelope(), rs.get(i).utf8Bytes(), item.envelope().firstSequence + i);
                queued++;
                route(r, now);
            }
        }, DRAIN_LIMIT);
    }

    /**
     * The spool's recipients go first: those due now are routed, the others wait in the unrouted
     * queue until their next attempt (and are routed then). Those found in flight get a deferred
     * event that says they may arrive twice.
     */
    private void queueResumed(long now) {
        SpoolKeeper.Resumed r = resumed;
        if (r == null) {
            return;
        }
        resumed = null;
        for (QueuedRecipient q : r.inFlight()) {
            outcomes.record(Outcome.DEFERRED, q, q.domain(), "-", SpoolKeeper.RESENT, null);
        }
        for (QueuedRecipient q : r.recipients()) {
            queued++;
            if (q.nextAttempt > now) {
                unrouted.add(q);
            } else {
                route(q, now);
            }
        }
    }

    private void route(QueuedRecipient r, long now) {
        Routed known = domains.get(domainProbe.of(r.utf8()));
        if (known != null && known.expires > now) {
            place(r, known.decision, known.destination, now);
            return;
        }
        String domain = r.domain().toLowerCase(java.util.Locale.ROOT);
        known = domains.get(DomainKey.stored(domain)); // a domain with upper-case non-ASCII letters
        if (known != null && known.expires > now) {
            place(r, known.decision, known.destination, now);
            return;
        }
        List<QueuedRecipient> waiting = awaitingRoute.get(domain);
        if (waiting != null) {
            waiting.add(r);
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(r);
        awaitingRoute.put(domain, waiting);
        router.route(domain).whenComplete((decision, ex) -> {
            RouteDecision d = decision != null ? decision : RouteDecision.failed(SmtpReply.local(451, "4.4.3",
                    "routing " + domain + " failed: " + ex));
            completions.offer(new Completion.Routed(domain, d));
            wake();
        });
    }

    private void onRouted(Completion.Routed c, long now) {
        List<QueuedRecipient> waiting = awaitingRoute.remove(c.domain());
        RouteDecision d = c.decision();
        Destination dest = null;
        if (d.failure() == null) {
            dest = sites.get(d.siteKey());
            if (dest == null) {
                dest = new Destination(d.siteKey(), d.shaping(), d.hosts());
                sites.put(d.siteKey(), dest);
                siteList.add(dest);
                if (metrics != null) {
                    Destination g = dest;
                    metrics.registerSiteGauges(g.site, () -> g.gaugeOpen, () -> g.gaugeBusy, () -> g.gaugeReady,
                            () -> g.gaugeScheduled, () -> g.gaugeBackoff);
                }
            }
            domains.put(DomainKey.stored(c.domain()), new Routed(dest, d, now + ROUTE_CACHE));
        }
        if (waiting != null) {
            for (QueuedRecipient r : waiting) {
                place(r, d, dest, now);
            }
        }
    }

    private void place(QueuedRecipient r, RouteDecision d, Destination dest, long now) {
        if (dest != null) {
            dest.ready.add(r);
            return;
        }
        SmtpReply why = d.failure();
        Classification c = bounces.classify(why);
        if (c.disposition() == Disposition.HARD) {
            bounce(r, r.domain(), r.domain(), why, null, c);
        } else {
            defer(r, null, r.domain(), why, null, now);
        }
    }

    private long retryUnrouted(long now) {
        QueuedRecipient r;
        while ((r = unrouted.peek()) != null && r.nextAttempt <= now) {
            unrouted.poll();
            route(r, now);
        }
        return r == null ? Long.MAX_VALUE : r.nextAttempt;
    }

    // ---- sending ----

    /** Lets one destination send what its shaping allows; returns when it next wants to run. */
    private long pump(Destination d, long now) {
        long next = Long.MAX_VALUE;
        QueuedRecipient due;
        while ((due = d.scheduled.peek()) != null && due.nextAttempt <= now) {
            d.scheduled.poll();
            d.ready.add(due);
        }
        if (due != null) {
            next = due.nextAttempt;
        }
        expireReady(d, now);
        retireIdle(d, now);
        if (d.ready.isEmpty()) {
            return next;
        }
        if (d.backoff.state(now) == Backoff.State.SUSPENDED) {
            return Math.min(next, d.backoff.suspendedUntil());
        }
        d.applyBackoffRate(now);
        while (!d.ready.isEmpty()) {
            SiteConnection c = d.available();
            if (c == null) {
                open(d, now);
                return Math.min(next, d.connectRetryAt > now ? d.connectRetryAt : next);
            }
            long wait = d.rate.tryAcquire(now);
            if (wait > 0) {
                if (metrics != null) {
                    metrics.throttleWait(d.site, wait); // how long the next message must wait for its slot
                }
                return Math.min(next, now + wait);
            }
            send(d, c, now);
        }
        return next;
    }

    private void open(Destination d, long now) {
        if (!d.mayOpen(now)) {
            return;
        }
        long wait = d.newConnections.tryAcquire(now);
        if (wait > 0) {
            d.connectRetryAt = Math.max(d.connectRetryAt, now + wait);
            return;
        }
        int host = d.pickHost(now);
        if (host < 0) {
            d.connectRetryAt = Math.max(d.connectRetryAt, d.nextHostRetry());
            return;
        }
        d.connecting++;
        connecting++;
        java.util.concurrent.CompletableFuture<dev.salvo.smtp.SmtpConnection> opening;
        try {
            opening = connector.apply(d.hosts.get(host));
        } catch (IllegalArgumentException e) {
            // A settings problem found only now (an unreadable trust file): a failed connection, not a dead loop.
            opening = java.util.concurrent.CompletableFuture.failedFuture(
                    new SessionFailure(SessionFailure.Kind.TLS_FAILED, e.getMessage(), null));
        }
        opening.whenComplete((conn, ex) -> {
            Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            SessionFailure f = cause == null ? null : cause instanceof SessionFailure sf ? sf
                    : new SessionFailure(SessionFailure.Kind.CONNECT_FAILED, String.valueOf(cause), null);
            completions.offer(new Completion.Opened(d, host, conn, f));
            wake();
        });
    }

    /**
     * Puts the next recipients of one content into a transaction slot of {@code c} and sends it.
     * Allocation-free in steady state: the slot, its batch array and its transaction are reused, the
     * recipients go as their address bytes, and the outcome comes back in the slot itself.
     */
    private void send(Destination d, SiteConnection c, long now) {
        QueuedRecipient first = d.ready.poll();
        int max = Math.max(1, Math.min(d.shaping.maxRecipientsPerTransaction(), dev.salvo.smtp.Transaction.MAX_RECIPIENTS));
        Completion.Sent slot = c.slot(d, this, Math.min(max, 8));
        Envelope e = first.envelope;
        slot.begin(e);
        slot.add(first);
        // Recipients of the same content to the same site share one transaction.
        while (slot.count() < max && d.ready.peek() != null && d.ready.peek().envelope == e) {
            slot.add(d.ready.poll());
        }
        int n = slot.count();
        for (int i = 0; i < n; i++) {
            slot.recipient(i).attempts++;
        }
        c.inFlight++;
        c.unsettled.incrementAndGet();
        c.messages++;
        d.inFlightRecipients += n;
        inFlight += n;
        if (keeper == null) {
            c.connection.send(slot.transaction);
        } else {
            // Sent once the "in flight" marks are durable (so a duplicate after a crash is reported);
            // the spool's write allocates anyway, so the lambda costs nothing extra here.
            keeper.sending(slot, () -> c.connection.send(slot.transaction));
        }
    }

    /** Any thread (event loops): hands a completion to the dispatch thread. */
    void post(Completion c) {
        completions.offer(c);
        wake();
    }

    /**
     * Event loops: hands over a completion that can wait for the next pass, which a later post is
     * sure to cause (see {@link Completion.Sent#transactionDone}).
     */
    void postQuietly(Completion c) {
        completions.offer(c);
    }

    // ---- results ----

    private void drainCompletions() {
        completions.drain(onCompletion, DRAIN_LIMIT);
    }

    private void onCompletion(Completion c) {
        long now = nanos.getAsLong();
        if (c instanceof Completion.Sent s) {
            onSent(s, now);
        } else if (c instanceof Completion.Opened o) {
            onOpened(o, now);
        } else if (c instanceof Completion.Routed r) {
            onRouted(r, now);
        }
    }

    private void onOpened(Completion.Opened o, long now) {
        Destination d = o.destination();
        d.connecting--;
        connecting--;
        if (o.failure() == null) {
            d.hostSucceeded(o.host());
            d.connections.add(new SiteConnection(o.connection(), now));
            for (dev.salvo.api.SessionListener l : sessionListeners) {
                l.onOpened(d.site, o.connection().info());
            }
            return;
        }
        SessionFailure f = o.failure();
        for (dev.salvo.api.SessionListener l : sessionListeners) {
            l.onFailed(d.site, f);
        }
        String server = d.hosts.get(o.host()).destination();
        LOG.log(System.Logger.Level.WARNING, () -> d.site + ": cannot open a session to " + server + ": " + f.getMessage());
        // Connection failures back off per host; the next attempt goes to the next host in preference order.
        d.hostFailed(o.host(), now, f.kind().permanent());
    }

    private void onSent(Completion.Sent s, long now) {
        Destination d = s.destination;
        SiteConnection c = s.connection;
        ReusableTransaction result = s.transaction;
        int n = s.count();
        c.inFlight--;
        c.idleSince = now;
        d.inFlightRecipients -= n;
        inFlight -= n;
        if (metrics != null && result.mailToDataNanos() >= 0 && result.endOfDataNanos() >= 0) {
            metrics.transactionLatency(d.site, result.mailToDataNanos() + result.endOfDataNanos());
        }
        String tls = result.session() == null ? null : result.session().tlsProtocol();
        String server = result.session() == null ? d.site : result.session().destination();
        for (int i = 0; i < n; i++) {
            QueuedRecipient r = s.recipient(i);
            SmtpReply reply = result.reply(i);
            if (result.status(i) == DeliveryStatus.DELIVERED) {
                d.backoff.onSuccess(now);
                finish(r, Outcome.DELIVERED, d.site, server, reply, tls);
            } else {
                refused(d, r, server, reply, tls, now);
            }
        }
        c.release(s);
        if (!c.connection.isOpen()) {
            d.connections.remove(c);
        } else if (d.shaping.maxMessagesPerConnection() > 0 && c.messages >= d.shaping.maxMessagesPerConnection()
                && c.inFlight == 0) {
            c.retiring = true;
            d.connections.remove(c);
            c.connection.close();
        }
    }

    /**
     * A refusal, 4xx or 5xx, goes where the bounce rules say, not where its first digit points: a
     * 550 "Connection frequency limited" is retried, a 421 "Retrying will NOT succeed" is final.
     */
    private void refused(Destination d, QueuedRecipient r, String server, SmtpReply reply, String tls, long now) {
        Classification c = bounces.classify(reply);
        if (reply.code() == 421) {
            d.backoff.on421(now); // the server is closing the channel (RFC 5321 §3.8), whatever the rules make of it
        } else if (c.disposition() == Disposition.BLOCK) {
            d.backoff.onRateLimitReply(now);
        }
        if (c.disposition() == Disposition.HARD) {
            bounce(r, d.site, server, reply, tls, c);
        } else {
            defer(r, d, server, reply, tls, now);
        }
    }

    /** Final; an address the reply says is bad goes on the suppression list. */
    private void bounce(QueuedRecipient r, String site, String server, SmtpReply reply, String tls, Classification c) {
        if (c.suppresses()) {
            bounces.suppress(r.envelope.sender, r.text(), reply);
        }
        finish(r, Outcome.BOUNCED, site, server, reply, tls);
    }

    private void defer(QueuedRecipient r, Destination d, String server, SmtpReply reply, String tls, long now) {
        r.lastReply = reply;
        long at = retry.nextAttemptAt(Math.max(1, r.attempts), r.firstSeen(), now, random);
        if (at < 0) {
            finish(r, Outcome.EXPIRED, d == null ? r.domain() : d.site, server, reply, tls);
            return;
        }
        r.nextAttempt = at;
        outcomes.record(Outcome.DEFERRED, r, d == null ? r.domain() : d.site, server, reply, tls);
        if (keeper != null) {
            keeper.deferred(r);
        }
        if (d != null) {
            d.scheduled.add(r);
        } else {
            unrouted.add(r);
        }
    }

    private void expireReady(Destination d, long now) {
        // Ready queues are roughly oldest first: the head tells whether anything has outlived its maximum age.
        QueuedRecipient r;
        while ((r = d.ready.peek()) != null && retry.expired(r.firstSeen(), now)) {
            d.ready.poll();
            SmtpReply why = r.lastReply != null ? r.lastReply
                    : SmtpReply.local(451, "4.4.7", "not delivered within the maximum age; the destination was not accepting mail");
            finish(r, Outcome.EXPIRED, d.site, d.site, why, null);
        }
    }

    private void retireIdle(Destination d, long now) {
        if (!d.ready.isEmpty()) {
            return;
        }
        long idle = d.shaping.idleTimeout().toNanos();
        for (int i = d.connections.size() - 1; i >= 0; i--) {
            SiteConnection c = d.connections.get(i);
            if (c.inFlight == 0 && now - c.idleSince >= idle) {
                d.connections.remove(i);
                c.connection.close();
            }
        }
    }

    private void finish(QueuedRecipient r, Outcome outcome, String site, String server, SmtpReply reply, String tls) {
        queued--;
        outcomes.record(outcome, r, site, server, reply, tls);
        if (keeper != null) {
            keeper.finished(r);
        }
        r.envelope.recipientDone();
    }

    // ---- for DispatchPathBenchmark, which drives the loop by hand on its own thread ----

    /** Routes a recipient as if it had just come in: what drainIngest does for each one. */
    void requeueForBenchmark(QueuedRecipient r, long now) {
        queued++;
        route(r, now);
    }

    /** One pass of the loop's work (intake, completions, every destination) without parking. */
    void runOnceForBenchmark(long now) {
        if (!ingest.isEmpty()) {
            drainIngest(now);
        }
        drainCompletions();
        for (int i = 0; i < siteList.size(); i++) {
            pump(siteList.get(i), now);
        }
    }
}
