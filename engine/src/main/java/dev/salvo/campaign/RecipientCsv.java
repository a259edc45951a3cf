package dev.salvo.campaign;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A recipients CSV: an {@code email} column (header matched ignoring case) plus merge fields.
 * Streams rows; never loads the whole file.
 *
 * <p>The email column is not a merge field: {@link #fieldNames()} and {@link RecipientRow#values()}
 * hold the other columns, and templates reach the address as {@code {{email}}}. Blank lines are
 * not rows and are skipped; every other row that cannot be used is reported as a {@link BadRow}.
 * Not thread-safe: one reader drains it.
 */
public final class RecipientCsv implements AutoCloseable {
    /** What to do with a row that cannot be used. */
    public enum BadRows { SKIP, FAIL }

    /** Longest row text kept in a {@link BadRow}, so one huge broken row does not fill a report. */
    private static final int MAX_RAW = 200;
    private static final Consumer<BadRow> IGNORE = bad -> { };

    // RFC 4180 quoting; surrounding spaces (as spreadsheets write after commas) are not data.
    // Empty lines stay records so that every record starts one line after the previous one ended.
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false)
            .get();

    private final String name;
    private final BadRows mode;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int emailColumn;
    private final int columns;
    private final List<String> header;
    private final List<String> fieldNames;
    private Consumer<BadRow> listener = IGNORE;

    private RecipientCsv(String name, BadRows mode, CSVParser parser, List<String> header) {
        this.name = name;
        this.mode = mode;
        this.parser = parser;
        this.records = parser.iterator();
        this.header = List.copyOf(header);
        this.columns = header.size();
        this.emailColumn = emailColumn(name, header);
        List<String> fields = new ArrayList<>(header);
        fields.remove(emailColumn);
        this.fieldNames = List.copyOf(fields);
    }

    /** Opens file and reads its header line; errors name the file and what is wrong with it. */
    public static RecipientCsv open(Path file, BadRows mode) {
        String name = String.valueOf(file);
        BufferedReader in = null;
        try {
            in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            skipByteOrderMark(in);
            CSVParser parser = FORMAT.parse(in);
            Iterator<CSVRecord> it = parser.iterator();
            if (!hasNext(name, it)) {
                throw new CampaignException(name + " is empty; the first line must name the columns, such as "
                        + "email,first_name");
            }
            List<String> header = it.next().toList();
            return new RecipientCsv(name, mode, parser, header);
        } catch (NoSuchFileException e) {
            throw new CampaignException("recipients file " + name + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CampaignException("recipients file " + name + " is not readable: permission denied");
        } catch (CharacterCodingException e) {
            closeQuietly(in);
            throw notUtf8(name, e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new CampaignException("recipients file " + name + " could not be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Spreadsheet exports often start with U+FEFF; it is not part of the first column's name. */
    private static void skipByteOrderMark(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
    }

    private static int emailColumn(String name, List<String> header) {
        int found = -1;
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (column.isEmpty()) {
                throw new CampaignException(name + " line 1: column " + (i + 1) + " has no name; every column "
                        + "needs one, since templates refer to columns by name");
            }
            if (header.indexOf(column) != i) {
                throw new CampaignException(name + " line 1: column '" + column + "' appears twice");
            }
            if (column.toLowerCase(Locale.ROOT).equals("email")) {
                if (found >= 0) {
                    throw new CampaignException(name + " line 1: more than one email column ('"
                            + header.get(found) + "' and '" + column + "')");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new CampaignException(name + " line 1: no 'email' column; the columns found are "
                    + String.join(", ", header) + ". Name the column that holds the addresses 'email'");
        }
        return found;
    }

    /** The merge fields, in file order, without the email column. */
    public List<String> fieldNames() {
        return fieldNames;
    }

    /** Receives every row that is not returned by {@link #next}; replaces any earlier listener. */
    public void onBadRow(Consumer<BadRow> listener) {
        this.listener = listener == null ? IGNORE : listener;
    }

    /**
     * The next usable row, or null at the end. A bad row goes to the listener; with
     * {@link BadRows#FAIL} it then throws CampaignException("list.csv line 42: ...").
     * Broken CSV quoting ends the file with a CampaignException in either mode, since the rows
     * after it cannot be told apart.
     */
    public RecipientRow next() {
        while (true) {
            long line = parser.getCurrentLineNumber() + 1;
            if (!hasNext(name, records)) {
                return null;
            }
            CSVRecord record = records.next();
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue; // a blank line is not a row
            }
            String reason = check(record);
            EmailAddress email = null;
            if (reason == null) {
                try {
                    email = EmailAddress.parse(record.get(emailColumn));
                } catch (InvalidMessageException e) {
                    reason = e.getMessage();
                }
            }
            if (email != null) {
                return new RecipientRow(line, email, fieldValues(record));
            }
            reject(new BadRow(line, reason, raw(record)));
        }
    }

    private String check(CSVRecord record) {
        if (record.size() != columns) {
            return "has " + record.size() + (record.size() == 1 ? " value" : " values") + ", expected " + columns
                    + " (" + String.join(",", header) + ")";
        }
        if (record.get(emailColumn).isEmpty()) {
            return "has no value in the email column";
        }
        return null;
    }

    private String[] fieldValues(CSVRecord record) {
        String[] values = new String[columns - 1];
        for (int i = 0, v = 0; i < columns; i++) {
            if (i != emailColumn) {
                values[v++] = record.get(i);
            }
        }
        return values;
    }

    private void reject(BadRow bad) {
        listener.accept(bad);
        if (mode == BadRows.FAIL) {
            throw new CampaignException(name + " line " + bad.line() + ": " + bad.reason());
        }
    }

    private static String raw(CSVRecord record) {
        String joined = String.join(",", record.toList());
        return joined.length() <= MAX_RAW ? joined : joined.substring(0, MAX_RAW) + "...";
    }

    /** The parser reports broken quoting and decoding errors as unchecked exceptions from hasNext. */
    private static boolean hasNext(String name, Iterator<CSVRecord> records) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(name, e);
            }
            throw new CampaignException(name + ": malformed CSV, " + e.getCause().getMessage()
                    + ". Quote values that contain commas or quotes, and double quotes inside them", e);
        } catch (IllegalStateException e) {
            throw new CampaignException(name + ": malformed CSV, " + e.getMessage(), e);
        }
    }

    private static CampaignException notUtf8(String name, Exception e) {
        return new CampaignException(name + " is not UTF-8 text; save it as UTF-8 (in a spreadsheet: CSV UTF-8)", e);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(BufferedReader in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing with the error that matters
            }
        }
    }

    @Override
    public String toString() {
        return "RecipientCsv(" + name + ", fields " + fieldNames + ", " + mode + ")";
    }
}
