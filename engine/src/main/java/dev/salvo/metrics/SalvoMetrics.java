package dev.salvo.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the engine exposes on /metrics. Every method may be called from any thread.
 *
 * <table>
 * <caption>Meters, as Micrometer names them and as a Prometheus scrape shows them</caption>
 * <tr><th>Micrometer</th><th>Prometheus</th><th>type</th><th>labels</th></tr>
 * <tr><td>salvo.outcomes</td><td>salvo_outcomes_total</td><td>counter</td><td>site, outcome, class</td></tr>
 * <tr><td>salvo.smtp.transaction</td><td>salvo_smtp_transaction_seconds_{bucket,count,sum}, _max</td><td>histogram</td><td>site</td></tr>
 * <tr><td>salvo.throttle.wait</td><td>salvo_throttle_wait_seconds_{bucket,count,sum}, _max</td><td>histogram</td><td>site</td></tr>
 * <tr><td>salvo.queue.depth</td><td>salvo_queue_depth</td><td>gauge</td><td>queue</td></tr>
 * <tr><td>salvo.connections.open</td><td>salvo_connections_open</td><td>gauge</td><td>site</td></tr>
 * <tr><td>salvo.connections.busy</td><td>salvo_connections_busy</td><td>gauge</td><td>site</td></tr>
 * <tr><td>salvo.site.ready</td><td>salvo_site_ready</td><td>gauge</td><td>site</td></tr>
 * <tr><td>salvo.site.scheduled</td><td>salvo_site_scheduled</td><td>gauge</td><td>site</td></tr>
 * <tr><td>salvo.site.backoff.state</td><td>salvo_site_backoff_state</td><td>gauge (0 normal, 1 slowed, 2 suspended)</td><td>site</td></tr>
 * </table>
 *
 * <p>The {@code site} label is capped: the first {@value #DEFAULT_MAX_SITES} distinct sites get their
 * own value and every later one is counted under "other", so a campaign to a million domains adds
 * at most a few thousand series. The {@code class} label is capped the same way at
 * {@value #DEFAULT_MAX_BOUNCE_CLASSES} values. config/README-metrics.md has the same table.
 */
public final class SalvoMetrics {
    /** Distinct {@code site} label values before the rest are counted as {@link #OTHER_SITE}. */
    public static final int DEFAULT_MAX_SITES = 200;
    /** Distinct {@code class} label values (including "none" and "other") before the rest are "other". */
    public static final int DEFAULT_MAX_BOUNCE_CLASSES = 64;
    /** The {@code site} label of every site past the cap. */
    public static final String OTHER_SITE = "other";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final int maxSites;
    private final BounceClassLabels bounceClasses;
    private final ConcurrentHashMap<String, SiteMeters> sites = new ConcurrentHashMap<>();
    private final SiteMeters otherSites;
    private final SiteGauges siteGauges = new SiteGauges(registry);
    /** Set once the cap is reached, so a site past it costs one map miss and one volatile read. */
    private volatile boolean sitesFull;

    public SalvoMetrics() {
        this(DEFAULT_MAX_SITES, DEFAULT_MAX_BOUNCE_CLASSES);
    }

    SalvoMetrics(int maxSites, int maxBounceClasses) {
        if (maxSites < 1 || maxBounceClasses < 2) {
            throw new IllegalArgumentException("maxSites must be at least 1 and maxBounceClasses at least 2");
        }
        this.maxSites = maxSites;
        this.bounceClasses = new BounceClassLabels(maxBounceClasses);
        this.otherSites = new SiteMeters(OTHER_SITE, registry, bounceClasses);
        // A site literally named "other" shares the overflow meters rather than clash with them.
        sites.put(OTHER_SITE, otherSites);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Counts one recipient's outcome.
     *
     * @param site        the destination site (the MX rollup or relay name), used as the label as is
     * @param outcome     delivered, deferred, bounced, expired, rejected or suppressed
     * @param bounceClass the bounce class, such as "InvalidRecipient", or "none" (null means "none")
     */
    public void outcome(String site, String outcome, String bounceClass) {
        siteMeters(site).outcome(outcome, bounceClass == null ? BounceClassLabels.NONE : bounceClass);
    }

    /** Records one SMTP transaction's latency at {@code site}. */
    public void transactionLatency(String site, long nanos) {
        siteMeters(site).transaction().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records how long one message waited on {@code site}'s throttle. */
    public void throttleWait(String site, long nanos) {
        siteMeters(site).throttleWait().record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Registers {@code salvo_queue_depth{queue}} once per queue (ingest, ready, scheduled). A second
     * registration of the same queue keeps the first supplier, as Micrometer does. The supplier is
     * called on the scrape thread.
     */
    public void registerQueueDepth(String queue, Supplier<Number> depth) {
        requireLabel(queue, "queue");
        Objects.requireNonNull(depth, "depth");
        Gauge.builder("salvo.queue.depth", depth)
                .description("Messages in an engine-wide queue")
                .tag("queue", queue)
                .register(registry);
    }

    /**
     * Registers the spool's gauges: {@code salvo_spool_healthy} (1 or 0), {@code salvo_spool_pending}
     * (recipients not yet final), {@code salvo_spool_disk_bytes} (SST + WAL) and
     * {@code salvo_spool_fsyncs} (WAL fsyncs since open). Read on the scrape thread.
     */
    public void registerSpool(java.util.function.BooleanSupplier healthy, Supplier<dev.salvo.spool.SpoolStats> stats) {
        Gauge.builder("salvo.spool.healthy", () -> healthy.getAsBoolean() ? 1 : 0)
                .description("1 while the spool takes writes; 0 after a write failed (intake answers a temporary error)")
                .register(registry);
        Gauge.builder("salvo.spool.pending", () -> stats.get().pendingRecipients())
                .description("Recipients in the spool without a final outcome").register(registry);
        Gauge.builder("salvo.spool.disk.bytes", () -> stats.get().diskBytes())
                .description("Bytes of the spool's SST and WAL files").baseUnit("bytes").register(registry);
        Gauge.builder("salvo.spool.fsyncs", () -> stats.get().syncs())
                .description("WAL fsyncs since the spool opened").register(registry);
    }

    /**
     * Registers, or replaces, the five gauges of one site. The suppliers are called on the scrape
     * thread, so each must read a value that is safe to read from any thread. A site past the label
     * cap is added into the "other" gauges (the sum of its gauges, the worst backoff state).
     */
    public void registerSiteGauges(String site, IntSupplier connectionsOpen, IntSupplier connectionsBusy,
                                   IntSupplier readyQueue, IntSupplier scheduledQueue, IntSupplier backoffState) {
        SiteSources sources = new SiteSources(connectionsOpen, connectionsBusy, readyQueue, scheduledQueue, backoffState);
        SiteMeters meters = siteMeters(site);
        siteGauges.register(site, meters.label, meters != otherSites, sources);
    }

    /** Drops a site's gauges, for a destination that has gone idle; its counters and timers remain. */
    public void removeSiteGauges(String site) {
        requireLabel(site, "site");
        siteGauges.remove(site);
    }

    /** The Prometheus text format (version 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Writes the scrape to {@code out} without building a String first. */
    void scrape(OutputStream out) throws IOException {
        registry.scrape(out);
    }

    private SiteMeters siteMeters(String site) {
        SiteMeters meters = sites.get(site);
        if (meters != null) {
            return meters;
        }
        if (sitesFull) {
            return otherSites;
        }
        return addSite(site);
    }

    private synchronized SiteMeters addSite(String site) {
        requireLabel(site, "site");
        SiteMeters meters = sites.get(site);
        if (meters != null) {
            return meters;
        }
        if (sites.size() > maxSites) { // the "other" entry is not one of the maxSites
            sitesFull = true;
            return otherSites;
        }
        meters = new SiteMeters(site, registry, bounceClasses);
        sites.put(site, meters);
        return meters;
    }

    private static void requireLabel(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must be a non-empty label value");
        }
    }
}
