package dev.salvo.metrics;

import java.util.function.IntSupplier;

/**
 * The live values behind one site's gauges. A scrape calls them from the metrics server's thread,
 * so each must be safe to read from any thread (a volatile field or an atomic, not a plain field of
 * state confined to an event loop).
 */
record SiteSources(IntSupplier connectionsOpen, IntSupplier connectionsBusy, IntSupplier readyQueue,
                   IntSupplier scheduledQueue, IntSupplier backoffState) {
    SiteSources {
        if (connectionsOpen == null || connectionsBusy == null || readyQueue == null || scheduledQueue == null
                || backoffState == null) {
            throw new IllegalArgumentException("every site gauge needs a supplier");
        }
    }
}
