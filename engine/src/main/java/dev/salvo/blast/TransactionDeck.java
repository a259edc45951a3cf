package dev.salvo.blast;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The transactions a blast sends, dealt in a cycle. A {@link Transaction} is immutable and does
 * not own its content, so the same one can go out many times: building them all up front keeps
 * allocation (and address parsing) off the send path.
 */
final class TransactionDeck {
    /** Enough distinct recipients per domain that a server's per-recipient caches still work. */
    static final int MAILBOXES_PER_DOMAIN = 100;

    private final Transaction[] deck;
    private final int[] octets;

    TransactionDeck(SizeMix mix, SampleMessages messages, EmailAddress from, List<String> domains, int recipientsPerMessage) {
        // A whole number of size cycles, and at least as many as the recipient pool needs to go round.
        int cycle = mix.cycleLength();
        int pool = domains.size() * MAILBOXES_PER_DOMAIN;
        int want = Math.max(pool / Math.max(1, recipientsPerMessage), 1);
        int length = cycle * Math.max(1, (want + cycle - 1) / cycle);
        deck = new Transaction[length];
        octets = new int[length];
        int next = 0;
        for (int n = 0; n < length; n++) {
            List<EmailAddress> rcpts = new ArrayList<>(recipientsPerMessage);
            for (int k = 0; k < recipientsPerMessage; k++, next++) {
                // Round robin over the domains, then over the mailboxes in each.
                String domain = domains.get(next % domains.size());
                int mailbox = (next / domains.size()) % MAILBOXES_PER_DOMAIN;
                rcpts.add(EmailAddress.parse("blast" + mailbox + "@" + domain));
            }
            int size = mix.sizeIndex(n);
            deck[n] = new Transaction(from, rcpts, messages.content(size));
            octets[n] = messages.octets(size);
        }
    }

    Transaction get(long n) {
        return deck[(int) (n % deck.length)];
    }

    int octets(long n) {
        return octets[(int) (n % octets.length)];
    }
}
