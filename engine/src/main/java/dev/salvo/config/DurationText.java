package dev.salvo.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in salvo.yaml: "250ms", "30s", "5m", "4h", "3d". */
final class DurationText {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})\\s*([a-z]+)");

    private DurationText() {}

    /** The duration, or null when the text is not a whole number followed by a unit. */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        Duration unit = unit(m.group(2));
        return unit == null ? null : unit.multipliedBy(Long.parseLong(m.group(1)));
    }

    /** One of a unit's names, or null. */
    static Duration unit(String name) {
        return switch (name) {
            case "ms" -> Duration.ofMillis(1);
            case "s", "sec" -> Duration.ofSeconds(1);
            case "m", "min" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            case "d", "day" -> Duration.ofDays(1);
            default -> null;
        };
    }

    /** The shortest exact form, so that format(parse(x)) reads as a person would write it. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
