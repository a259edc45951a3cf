package dev.salvo.suppress;

import dev.salvo.message.EmailAddress;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The suppression list as CSV (RFC 4180): {@code address,scope,reason,detail,since}, with that
 * header. On import only the address is required; a blank scope, reason or since takes the
 * defaults given. A bad line is reported with its line number and skipped; the rest are read.
 */
public final class SuppressionCsv {
    public static final List<String> HEADER = List.of("address", "scope", "reason", "detail", "since");

    /** A line that could not be read: its number (from 1, the header included) and why. */
    public record BadLine(long line, String reason) {}

    private SuppressionCsv() {}

    /** Writes the header and every entry of the list; returns how many entries. */
    public static long write(SuppressionList list, Appendable out) throws IOException {
        long[] n = {0};
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).build())) {
            list.forEach(s -> {
                try {
                    printer.printRecord(s.address(), s.scope(), s.reason().wireName(), s.detail(), s.since().toString());
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return n[0];
    }

    /**
     * Reads entries, calling {@code each} for every good one and {@code bad} for every bad line.
     * The first line must be the header (columns in any order; address required).
     */
    public static void read(Reader in, String defaultScope, Suppression.Reason defaultReason, Instant now,
            Consumer<Suppression> each, Consumer<BadLine> bad) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            if (!parser.getHeaderNames().contains("address")) {
                bad.accept(new BadLine(1, "the first line must be the header " + String.join(",", HEADER)
                        + " (address is required; the others may be left out)"));
                return;
            }
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                try {
                    each.accept(entry(r, defaultScope, defaultReason, now));
                } catch (IllegalArgumentException e) {
                    bad.accept(new BadLine(line, e.getMessage()));
                }
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            // commons-csv reports a broken quote this way
            bad.accept(new BadLine(-1, "not valid CSV: " + e.getMessage()));
        }
    }

    private static Suppression entry(CSVRecord r, String defaultScope, Suppression.Reason defaultReason, Instant now) {
        String address = field(r, "address");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
        EmailAddress.parse(address); // an InvalidMessageException (an IllegalArgumentException) says what is wrong
        String scope = field(r, "scope");
        String reasonText = field(r, "reason");
        Suppression.Reason reason = reasonText.isEmpty() ? defaultReason : Suppression.Reason.parse(reasonText);
        if (reason == null) {
            throw new IllegalArgumentException("unknown reason '" + reasonText + "'; expected hard-bounce, complaint, unsubscribe or manual");
        }
        String sinceText = field(r, "since");
        Instant since;
        try {
            since = sinceText.isEmpty() ? now : Instant.parse(sinceText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("since must be an ISO-8601 UTC time such as 2026-11-28T12:00:00Z, got '" + sinceText + "'");
        }
        return new Suppression(scope.isEmpty() ? defaultScope : scope, address, reason, field(r, "detail"), since);
    }

    private static String field(CSVRecord r, String name) {
        return r.isMapped(name) && r.isSet(name) ? r.get(name).trim() : "";
    }
}
