package dev.salvo.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The five per-site gauges. A site with its own label gets its own gauges, reading its suppliers.
 * Sites past the label cap share the "other" gauges, which add up their suppliers (and take the
 * worst backoff state), so totals across sites stay right however many destinations there are.
 */
final class SiteGauges {
    private final MeterRegistry registry;
    private final Map<String, List<Meter>> named = new ConcurrentHashMap<>();
    private final Map<String, SiteSources> overflow = new ConcurrentHashMap<>();
    private volatile boolean overflowRegistered;

    SiteGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers (or replaces) the gauges of a site; {@code label} is its own name or, past the cap, "other". */
    synchronized void register(String site, String label, boolean ownLabel, SiteSources sources) {
        remove(site);
        if (!ownLabel) {
            overflow.put(site, sources);
            registerOverflow(label);
            return;
        }
        named.put(site, List.of(
                gauge("salvo.connections.open", "Open SMTP connections", label, sources, s -> s.connectionsOpen().getAsInt()),
                gauge("salvo.connections.busy", "SMTP connections in a transaction", label, sources,
                        s -> s.connectionsBusy().getAsInt()),
                gauge("salvo.site.ready", "Messages ready to send", label, sources, s -> s.readyQueue().getAsInt()),
                gauge("salvo.site.scheduled", "Messages waiting for a retry", label, sources,
                        s -> s.scheduledQueue().getAsInt()),
                gauge("salvo.site.backoff.state", "0 normal, 1 slowed, 2 suspended", label, sources,
                        s -> s.backoffState().getAsInt())));
    }

    synchronized void remove(String site) {
        overflow.remove(site);
        List<Meter> meters = named.remove(site);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private void registerOverflow(String label) {
        if (overflowRegistered) {
            return;
        }
        overflowRegistered = true;
        gauge("salvo.connections.open", "Open SMTP connections", label, overflow, m -> sum(m, s -> s.connectionsOpen().getAsInt()));
        gauge("salvo.connections.busy", "SMTP connections in a transaction", label, overflow,
                m -> sum(m, s -> s.connectionsBusy().getAsInt()));
        gauge("salvo.site.ready", "Messages ready to send", label, overflow, m -> sum(m, s -> s.readyQueue().getAsInt()));
        gauge("salvo.site.scheduled", "Messages waiting for a retry", label, overflow,
                m -> sum(m, s -> s.scheduledQueue().getAsInt()));
        gauge("salvo.site.backoff.state", "0 normal, 1 slowed, 2 suspended", label, overflow, SiteGauges::worstBackoff);
    }

    private <T> Gauge gauge(String name, String description, String label, T source, ToDoubleFunction<T> value) {
        return Gauge.builder(name, source, value)
                .description(description)
                .tag("site", label)
                .strongReference(true)
                .register(registry);
    }

    private static double sum(Map<String, SiteSources> sites, ToIntFunction<SiteSources> value) {
        long total = 0;
        for (SiteSources s : sites.values()) {
            total += value.applyAsInt(s);
        }
        return total;
    }

    private static double worstBackoff(Map<String, SiteSources> sites) {
        int worst = 0;
        for (SiteSources s : sites.values()) {
            worst = Math.max(worst, s.backoffState().getAsInt());
        }
        return worst;
    }
}
