package dev.salvo.blast;

/**
 * When each message of an open-loop run is due, measured from the start. With a ramp-up the rate
 * grows linearly from 0 to the target over the ramp, so the n-th message is due when the area
 * under the rate curve reaches n: rate·t²/(2·ramp) during the ramp, then one every 1/rate.
 */
final class SendTimes {
    private final double rate;
    private final double rampSeconds;
    /** Messages due during the ramp: the triangle's area. */
    private final double rampMessages;

    SendTimes(double rate, long rampNanos) {
        if (rate <= 0) {
            throw new IllegalArgumentException("an open loop needs a rate above 0");
        }
        this.rate = rate;
        this.rampSeconds = rampNanos / 1e9;
        this.rampMessages = rate * rampSeconds / 2;
    }

    /** Nanoseconds after the start at which message {@code n} (from 0) is due. */
    long dueNanos(long n) {
        double seconds = n < rampMessages
                ? Math.sqrt(2 * rampSeconds * n / rate)
                : rampSeconds + (n - rampMessages) / rate;
        return (long) (seconds * 1e9);
    }
}
