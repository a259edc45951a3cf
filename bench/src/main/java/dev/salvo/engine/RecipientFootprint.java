package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The heap one queued recipient costs: a 1,000,000-recipient campaign with one template, queued the
 * way {@link DispatchLoop} queues it (one shared {@link Envelope}, a {@link QueuedRecipient} per
 * address, all in a destination's ready {@link ArrayDeque}). Prints the measured bytes per recipient
 * (heap used after minus before, each after forced GCs) next to an estimate from object layout.
 *
 * <pre>java -Xmx2g -cp bench/target/salvo-benchmarks.jar dev.salvo.engine.RecipientFootprint</pre>
 *
 * <p>The estimate assumes what a 64-bit HotSpot with a heap under 32 GB does by default: 12-byte
 * object headers, 4-byte compressed references, 8-byte alignment, compact (Latin-1) strings, and an
 * array header of 16 bytes (12 plus the length).
 */
public final class RecipientFootprint {
    private static final int RECIPIENTS = 1_000_000;
    private static final int DOMAINS = 200;
    private static final int TARGET = 200;

    private static final int HEADER = 12;
    private static final int REF = 4;
    private static final int ARRAY_HEADER = 16;

    private RecipientFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        MessageContent content = MessageContent.of(("From: news@sender.example\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
                + "Message-ID: <1@sender.example>\r\nSubject: hi\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII));
        Envelope envelope = new Envelope(EmailAddress.parse("news@sender.example"), content, "campaign", DsnOptions.NONE,
                RECIPIENTS, 0);
        ArrayDeque<QueuedRecipient> ready = new ArrayDeque<>();
        // Warm the parser up so its classes and JIT state are in "before", not in the difference.
        for (int i = 0; i < 10_000; i++) {
            EmailAddress.parse("warm" + i + "@domain" + i % DOMAINS + ".example");
        }

        long before = heapUsedAfterGc();
        for (int n = 0; n < RECIPIENTS; n++) {
            EmailAddress a = EmailAddress.parse("user" + n + "@domain" + n % DOMAINS + ".example");
            // The engine keeps only the address's bytes; the EmailAddress itself is garbage once queued.
            ready.add(new QueuedRecipient(envelope, a));
        }
        long after = heapUsedAfterGc();
        double measured = (double) (after - before) / RECIPIENTS;

        System.out.printf("queued recipients: %,d (%d domains, one envelope)%n", ready.size(), DOMAINS);
        System.out.printf("heap used: %,d B before, %,d B after (MemoryMXBean, after System.gc() x5)%n", before, after);
        System.out.printf("measured: %.1f B per recipient%n%n", measured);
        double estimate = printEstimate();
        System.out.printf("%nmeasured %.1f B vs estimate %.1f B (difference %.1f B)%n", measured, estimate,
                measured - estimate);
        System.out.printf("target %d B: %s%n", TARGET, measured <= TARGET ? "met"
                : String.format("missed by %.1f B (%.0f%% over)", measured - TARGET, 100 * (measured - TARGET) / TARGET));
        // Keep everything reachable until after the last measurement.
        if (!ready.peekLast().text().equals("user" + (RECIPIENTS - 1) + "@domain" + (RECIPIENTS - 1) % DOMAINS + ".example")) {
            throw new AssertionError();
        }
        content.release();
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Object by object, averaged over the campaign's addresses; returns the total per recipient. */
    private static double printEstimate() {
        long local = 0;
        long domain = 0;
        long address = 0;
        for (int n = 0; n < RECIPIENTS; n++) {
            int localLength = 4 + digits(n);
            int domainLength = 6 + digits(n % DOMAINS) + 8;
            local += bytes(localLength);
            domain += bytes(domainLength);
            address += bytes(localLength + 1 + domainLength);
        }
        // envelope, address bytes, lastReply: 3 references; nextAttempt: long; attempts: int.
        int queuedRecipient = align(HEADER + 3 * REF + 8 + 4);
        // address, localPart, domain, utf8Bytes, domainKey: 5 references; needsSmtpUtf8: boolean.
        int emailAddress = align(HEADER + 5 * REF + 1);
        // value: reference; hash: int; coder: byte; hashIsZero: boolean.
        int string = align(HEADER + REF + 4 + 1 + 1);
        double slot = (double) (ARRAY_HEADER + (long) REF * dequeCapacity(RECIPIENTS)) / RECIPIENTS;

        String row = "  %-52s %6.1f B%n";
        System.out.println("estimate per recipient (12 B headers, 4 B references, 8 B alignment):");
        System.out.printf(row, "QueuedRecipient (3 refs, 1 long, 1 int)", (double) queuedRecipient);
        System.out.printf(row, "byte[] utf8Bytes of \"userN@domainM.example\" (shared)", (double) address / RECIPIENTS);
        System.out.printf(row, "ArrayDeque slot (capacity " + dequeCapacity(RECIPIENTS) + " x 4 B)", slot);
        double total = queuedRecipient + (double) address / RECIPIENTS + slot;
        System.out.printf(row, "total", total);
        return total;
    }

    /** A compact string's byte[]: one byte per character. */
    private static int bytes(int length) {
        return align(ARRAY_HEADER + length);
    }

    private static int align(int size) {
        return (size + 7) & ~7;
    }

    private static int digits(int n) {
        return n == 0 ? 1 : (int) Math.log10(n) + 1;
    }

    /** ArrayDeque's array length after n addLast calls (JDK 17: 17 to start, then +2 and double below 64, else +50%). */
    private static int dequeCapacity(int n) {
        int capacity = 16 + 1;
        while (capacity <= n) {
            capacity += capacity < 64 ? capacity + 2 : capacity >> 1;
        }
        return capacity;
    }
}
