package dev.salvo.cli;

import dev.salvo.api.SessionListener;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SessionInfo;

/**
 * Watches the sessions of a relay send. It keeps the first session's details for the summary, and
 * decides when the relay is unusable: a failure before any session opened (a relay that refuses
 * everyone fails fast instead of being retried until --max-age), or a permanent one (TLS, AUTH:
 * every other connection would fail the same way). Written on the dispatch thread, read on the CLI's.
 */
final class RelayWatch implements SessionListener {
    private volatile SessionInfo firstSession;
    private volatile SessionFailure fatal;

    @Override
    public void onOpened(String site, SessionInfo session) {
        if (firstSession == null) {
            firstSession = session;
        }
    }

    @Override
    public void onFailed(String site, SessionFailure failure) {
        if (fatal == null && (firstSession == null || failure.kind().permanent())) {
            fatal = failure;
        }
    }

    SessionInfo firstSession() {
        return firstSession;
    }

    /** Throws the exit-3 error once the relay is known to be unusable. */
    void check() {
        SessionFailure f = fatal;
        if (f != null) {
            throw new UserError(f.getMessage(), ExitCodes.RELAY_FAILED);
        }
    }
}
