package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Gmail's and Yahoo's bulk-sender rules require DMARC alignment: the From domain must match the
 * DKIM d= domain or the envelope sender's domain (relaxed: the same organisational domain). This
 * warns at start when neither does; it does not stop the run.
 */
final class SenderAlignment {
    private SenderAlignment() {}

    static void warnIfUnaligned(Path template, EmailAddress sender, String dkimDomain, PrintWriter err) throws IOException {
        String from = fromDomain(template);
        if (from == null || from.contains("{{")) {
            return; // a templated From is checked by the receiver, not guessable here
        }
        boolean aligned = related(from, sender.domain()) || dkimDomain != null && related(from, dkimDomain);
        if (!aligned) {
            err.println("salvo: warning: the From domain " + from + " is aligned with neither the envelope sender's domain ("
                    + sender.domain() + ")" + (dkimDomain == null ? " nor a DKIM signature (no --dkim-key)" : " nor the DKIM"
                    + " domain (" + dkimDomain + ")") + "; Gmail and Yahoo reject unaligned bulk mail (DMARC)");
            err.flush();
        }
    }

    /** Relaxed alignment, approximated: one domain equals the other or is below it. */
    private static boolean related(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return x.equals(y) || x.endsWith("." + y) || y.endsWith("." + x);
    }

    private static String fromDomain(Path template) throws IOException {
        for (String line : Files.readAllLines(template, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                return null;
            }
            if (line.regionMatches(true, 0, "From:", 0, 5)) {
                int at = line.lastIndexOf('@');
                if (at < 0) {
                    return null;
                }
                int end = at + 1;
                while (end < line.length() && ".-".indexOf(line.charAt(end)) >= 0 || end < line.length()
                        && Character.isLetterOrDigit(line.charAt(end))) {
                    end++;
                }
                return line.substring(at + 1, end);
            }
        }
        return null;
    }
}
