package dev.salvo.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** At most {@code count} messages every {@code per}: "100/s", "3000/min", "50000/h", "10/5s". */
public record Rate(long count, Duration per) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*/\\s*(\\d{1,9})?\\s*([a-z]+)");

    public Rate {
        Objects.requireNonNull(per, "per");
        if (count < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a rate needs a count of at least 1 and a positive period");
        }
    }

    /**
     * Reads "count/period", where the period is an optional whole number and a unit: ms, s, sec,
     * m, min, h, hour, d, day. Throws IllegalArgumentException saying what was expected.
     */
    public static Rate parse(String s) {
        Matcher m = FORM.matcher(s.trim().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected count/period such as 100/s, 3000/min, 50000/h or 10/5s");
        }
        long count = Long.parseLong(m.group(1));
        long times = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        Duration unit = DurationText.unit(m.group(3));
        if (unit == null) {
            throw new IllegalArgumentException("unknown period unit '" + m.group(3) + "'; use ms, s, min, h or d");
        }
        if (count < 1 || times < 1) {
            throw new IllegalArgumentException("count and period must be at least 1");
        }
        return new Rate(count, unit.multipliedBy(times));
    }

    public double perSecond() {
        return count * 1e9 / per.toNanos();
    }

    @Override
    public String toString() {
        return count + "/" + DurationText.format(per);
    }
}
