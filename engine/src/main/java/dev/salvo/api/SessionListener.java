package dev.salvo.api;

import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SessionInfo;

/**
 * Hears sessions open and fail to open, per destination site. Called on the engine's dispatch
 * thread, never on an event loop: return quickly and never block. A front end uses it to say what
 * a relay negotiated (TLS, AUTH) and to give up early on a relay that cannot be used at all.
 */
public interface SessionListener {
    /** A session to {@code site} is open: greeting, EHLO, STARTTLS and AUTH are done. */
    default void onOpened(String site, SessionInfo session) {}

    /**
     * A session to {@code site} could not be opened. The engine backs the host off and tries again
     * later ({@link SessionFailure.Kind#permanent()} failures after five minutes).
     */
    default void onFailed(String site, SessionFailure failure) {}
}
