package dev.salvo.campaign;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures the heap a queued recipient costs: 1,000,000 rows of "userN@domainM.test,First,Last"
 * held as RecipientRow, and the same rows in a compact form (one UTF-8 byte[] per recipient) for
 * comparison. Not a test: run it by hand, with a heap big enough for both, e.g.
 *
 * <pre>
 * cd engine &amp;&amp; mvn -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx2g -XX:+UseSerialGC -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.salvo.campaign.RecipientFootprint
 * </pre>
 */
public final class RecipientFootprint {
    private static final int ROWS = 1_000_000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private RecipientFootprint() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Files.createTempFile("recipients", ".csv");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                out.write("email,first,last\n");
                for (int i = 0; i < ROWS; i++) {
                    out.write("user" + i + "@domain" + (i % 1000) + ".test,First,Last\n");
                }
            }
            long before = usedAfterGc();
            RecipientRow[] rows = new RecipientRow[ROWS];
            try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.FAIL)) {
                for (int i = 0; i < ROWS; i++) {
                    rows[i] = csv.next();
                }
            }
            long after = usedAfterGc();
            report("RecipientRow (EmailAddress + String[] values)", before, after, rows);

            before = usedAfterGc();
            byte[][] compact = new byte[ROWS][];
            for (int i = 0; i < ROWS; i++) {
                compact[i] = compact(rows[i]);
            }
            after = usedAfterGc();
            report("compact: one byte[] of UTF-8 email and values, length-prefixed", before, after, compact);
            System.out.println(rows[ROWS - 1].email() + " " + compact[ROWS - 1].length);
        } finally {
            Files.delete(file);
        }
    }

    /** The email and the values as UTF-8, each preceded by its length in one or two octets. */
    static byte[] compact(RecipientRow row) {
        byte[] email = row.email().utf8Bytes();
        int size = 2 + email.length;
        byte[][] values = new byte[row.values().length][];
        for (int i = 0; i < values.length; i++) {
            values[i] = row.values()[i].getBytes(StandardCharsets.UTF_8);
            size += 2 + values[i].length;
        }
        byte[] out = new byte[size];
        int pos = put(out, 0, email);
        for (byte[] value : values) {
            pos = put(out, pos, value);
        }
        return out;
    }

    private static int put(byte[] out, int pos, byte[] value) {
        out[pos] = (byte) (value.length >>> 8);
        out[pos + 1] = (byte) value.length;
        System.arraycopy(value, 0, out, pos + 2, value.length);
        return pos + 2 + value.length;
    }

    private static void report(String what, long before, long after, Object keepAlive) {
        System.out.printf("%s: %,d bytes for %,d rows = %.1f bytes per recipient%n", what, after - before, ROWS,
                (after - before) / (double) ROWS);
        if (keepAlive == null) {
            throw new AssertionError();
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
