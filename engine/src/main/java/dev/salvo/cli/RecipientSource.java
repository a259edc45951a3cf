package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where `salvo send` gets its recipients: --to on the command line, or a --recipients file. */
final class RecipientSource {
    record Resolved(List<EmailAddress> valid, List<RecipientsFile.Rejection> rejected) {}

    private RecipientSource() {}

    /**
     * A bad --to is a usage error (it is right there to fix); bad lines in a file are reported on
     * {@code err} and skipped, unless no line at all is usable.
     */
    static Resolved resolve(List<String> to, Path file, PrintWriter err) {
        if (to != null) {
            List<EmailAddress> valid = new ArrayList<>(to.size());
            for (String t : to) {
                valid.add(SendOptions.address("--to", t));
            }
            return new Resolved(valid, List.of());
        }
        RecipientsFile.Parsed parsed = RecipientsFile.read(file);
        for (RecipientsFile.Rejection r : parsed.rejected()) {
            err.println("salvo: " + r.describe(file));
        }
        err.flush();
        if (parsed.valid().isEmpty()) {
            throw new UserError(parsed.rejected().isEmpty()
                    ? "recipients file '" + file + "' has no recipients"
                    : "recipients file '" + file + "' has no valid recipients (" + parsed.rejected().size() + " rejected)");
        }
        return new Resolved(parsed.valid(), parsed.rejected());
    }
}
