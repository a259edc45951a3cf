package dev.salvo.api;

import dev.salvo.events.DeliveryEvent;

/**
 * Hears every recipient outcome. Called on the engine's dispatch thread, never on an event loop:
 * return quickly and never block.
 */
@FunctionalInterface
public interface DeliveryListener {
    /** @param site the destination site (rollup key) the recipient belongs to */
    void onEvent(DeliveryEvent event, String site);
}
