package dev.salvo.cli;

/** How a long run shows progress on stderr; {@link CampaignProgress} draws it. */
final class ProgressLine {
    /** Redrawn in place on a terminal, a plain line every few seconds into a file or pipe, or nothing. */
    enum Mode { TERMINAL, LOG, QUIET }

    private ProgressLine() {}

    /** QUIET when asked, TERMINAL when stderr is a console, LOG otherwise. */
    static Mode mode(boolean quiet) {
        if (quiet) {
            return Mode.QUIET;
        }
        return System.console() != null ? Mode.TERMINAL : Mode.LOG;
    }
}
