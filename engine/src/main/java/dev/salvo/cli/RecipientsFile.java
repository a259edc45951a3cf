package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads --recipients: one address a line, or CSV whose first line names an "email" column. Blank
 * lines and lines starting with '#' are skipped; a line that does not hold a valid address is kept
 * as a {@link Rejection} with its line number, so one typo never stops the other recipients.
 */
final class RecipientsFile {
    /** A line that was not a valid address, and why. */
    record Rejection(int line, String text, String reason) {
        /** "recipients.csv line 7: 'bob@' ...": what the user reads on stderr. */
        String describe(Path file) {
            return file + " line " + line + ": " + reason;
        }
    }

    record Parsed(List<EmailAddress> valid, List<Rejection> rejected) {}

    private RecipientsFile() {}

    static Parsed read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        } catch (NoSuchFileException e) {
            throw new UserError("recipients file '" + file + "' does not exist");
        } catch (AccessDeniedException e) {
            throw new UserError("recipients file '" + file + "' is not readable: permission denied");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError("recipients file '" + file + "' is not UTF-8 text");
        } catch (IOException e) {
            throw new UserError("recipients file '" + file + "' could not be read: " + e.getMessage());
        }
    }

    static Parsed parse(BufferedReader in) throws IOException {
        List<EmailAddress> valid = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int emailColumn = -1; // -1: not CSV, one address a line
        boolean first = true;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            String trimmed = line.strip();
            if (first && !trimmed.isEmpty() && trimmed.charAt(0) == '\uFEFF') {
                trimmed = trimmed.substring(1).strip(); // a byte order mark from spreadsheet exports
            }
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (first) {
                first = false;
                emailColumn = emailColumn(trimmed);
                if (emailColumn >= 0) {
                    continue;
                }
            }
            String text = trimmed;
            if (emailColumn >= 0) {
                List<String> fields = CsvFields.split(trimmed);
                if (fields.size() <= emailColumn || fields.get(emailColumn).isEmpty()) {
                    rejected.add(new Rejection(lineNo, trimmed, "no value in the email column"));
                    continue;
                }
                text = fields.get(emailColumn);
            }
            try {
                valid.add(EmailAddress.parse(text));
            } catch (InvalidMessageException e) {
                rejected.add(new Rejection(lineNo, text, e.getMessage()));
            }
        }
        return new Parsed(valid, rejected);
    }

    /** The index of the "email" column when {@code header} is a CSV header row, else -1. */
    private static int emailColumn(String header) {
        if (header.indexOf(',') < 0 && !header.equalsIgnoreCase("email") && !header.equalsIgnoreCase("\"email\"")) {
            return -1;
        }
        List<String> names = CsvFields.split(header);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).equals("email")) {
                return i;
            }
        }
        return -1;
    }
}
