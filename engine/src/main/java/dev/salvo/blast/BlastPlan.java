package dev.salvo.blast;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.ConnectionSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * A checked blast: everything `salvo blast` was told, already validated by the command line.
 *
 * @param count messages to send, or 0 when {@code durationNanos} bounds the run instead
 * @param durationNanos how long to send for, or 0 when {@code count} bounds the run
 * @param rate messages per second (open loop), or 0 to keep every connection's window full
 * @param rampUpNanos the rate grows linearly from 0 to {@code rate} over this long; 0 for none
 * @param window messages outstanding per connection at most
 * @param messagesPerConnection reconnect after this many; 0 for never
 * @param json where to write the JSON report, or null
 * @param html where to write the HTML report, or null
 */
public record BlastPlan(
        ConnectionSettings settings,
        int connections,
        long count,
        long durationNanos,
        double rate,
        long rampUpNanos,
        SizeMix sizes,
        int recipients,
        List<String> domains,
        EmailAddress from,
        int window,
        int messagesPerConnection,
        Path json,
        Path html,
        boolean quiet) {

    public BlastPlan {
        if ((count > 0) == (durationNanos > 0)) {
            throw new IllegalArgumentException("a blast is bounded by a count or by a duration, exactly one");
        }
        domains = List.copyOf(domains);
    }
}
