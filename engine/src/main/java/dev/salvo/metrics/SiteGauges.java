package dev.salvo.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * The five per-site gauges. A site with its own label gets its own gauges, reading its suppliers.
 * Sites past the label cap share the "other" gauges, which add up their suppliers (and take the
 * worst backoff state), so totals across sites stay right however many destinations there are.
 */
final class SiteGauges {
    /** One per-site gauge: its Micrometer name, its help text, the supplier it reads. */
    private enum Kind {
        CONNECTIONS_OPEN("salvo.connections.open", "Open SMTP connections", SiteSources::connectionsOpen),
        CONNECTIONS_BUSY("salvo.connections.busy", "SMTP connections in a transaction", SiteSources::connectionsBusy),
        READY("salvo.site.ready", "Messages ready to send", SiteSources::readyQueue),
        SCHEDULED("salvo.site.scheduled", "Messages waiting for a retry", SiteSources::scheduledQueue),
        BACKOFF_STATE("salvo.site.backoff.state", "0 normal, 1 slowed, 2 suspended", SiteSources::backoffState);

        final String meterName;
        final String description;
        final ToIntFunction<SiteSources> value;

        Kind(String meterName, String description, Function<SiteSources, IntSupplier> supplier) {
            this.meterName = meterName;
            this.description = description;
            this.value = s -> supplier.apply(s).getAsInt();
        }

        /** Over many sites, counts add up; the backoff state is the worst of them. */
        double aggregate(Map<String, SiteSources> sites) {
            long result = 0;
            for (SiteSources s : sites.values()) {
                int v = value.applyAsInt(s);
                result = this == BACKOFF_STATE ? Math.max(result, v) : result + v;
            }
            return result;
        }
    }

    private final MeterRegistry registry;
    private final Map<String, List<Meter>> named = new ConcurrentHashMap<>();
    private final Map<String, SiteSources> overflow = new ConcurrentHashMap<>();
    private boolean overflowRegistered;

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
        List<Meter> meters = new ArrayList<>(Kind.values().length);
        for (Kind kind : Kind.values()) {
            meters.add(gauge(kind, label, sources, kind.value::applyAsInt));
        }
        named.put(site, meters);
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
        for (Kind kind : Kind.values()) {
            gauge(kind, label, overflow, kind::aggregate);
        }
    }

    private <T> Gauge gauge(Kind kind, String label, T source, ToDoubleFunction<T> value) {
        return Gauge.builder(kind.meterName, source, value)
                .description(kind.description)
                .tag("site", label)
                .strongReference(true)
                .register(registry);
    }
}
