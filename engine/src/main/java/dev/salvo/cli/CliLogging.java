package dev.salvo.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The CLI speaks through its progress line, summary and events; library logs would only scribble
 * over the progress line. So they are off unless SALVO_LOG names a level (debug, info, warning),
 * and then go to stderr one line each.
 */
final class CliLogging {
    private CliLogging() {}

    static void configure(String level) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Level l = parse(level);
        root.setLevel(l);
        if (l != Level.OFF) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(l);
            h.setFormatter(new SimpleFormatter());
            root.addHandler(h);
        }
    }

    private static Level parse(String level) {
        if (level == null || level.isBlank()) {
            return Level.OFF;
        }
        return switch (level.trim().toLowerCase(Locale.ROOT)) {
            case "debug", "fine", "trace" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.OFF;
        };
    }
}
