package dev.salvo.smtp.server;

import java.util.List;

/**
 * One message the sink accepted: its envelope and its content exactly as received (after
 * dot-unstuffing for DATA; the concatenated chunks for BDAT).
 */
public record ReceivedMessage(String mailFrom, List<String> recipients, byte[] content) {
    public ReceivedMessage {
        recipients = List.copyOf(recipients);
    }
}
