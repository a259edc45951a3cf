package dev.salvo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * RFC 8058 one-click unsubscribe for a campaign: puts List-Unsubscribe (the HTTPS URL, and a mailto
 * when given) and List-Unsubscribe-Post at the top of the template's headers, so merge fields in the
 * URL are rendered per recipient and the DKIM signer's default header list covers both.
 */
final class OneClickUnsubscribe {
    private OneClickUnsubscribe() {}

    /** The template to use: the given one, or a copy with the two headers added. */
    static Path apply(Path template, String url, String mailto) throws IOException {
        if (url == null) {
            if (mailto != null) {
                throw new UserError("--unsubscribe-mailto needs --unsubscribe-url: RFC 8058 one-click needs an HTTPS URL");
            }
            return template;
        }
        if (!url.toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw new UserError("--unsubscribe-url must be an https:// URL (RFC 8058 §3.1), got '" + url + "'");
        }
        if (url.indexOf('<') >= 0 || url.indexOf('>') >= 0 || url.chars().anyMatch(c -> c < 0x21)) {
            throw new UserError("--unsubscribe-url must not contain spaces, control characters, '<' or '>': '" + url + "'");
        }
        String text = Files.readString(template, StandardCharsets.UTF_8);
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("list-unsubscribe")) {
                throw new UserError(template + " already has a " + line.substring(0, line.indexOf(':') < 0 ? line.length()
                        : line.indexOf(':')) + " header; remove it or drop --unsubscribe-url");
            }
        }
        String value = "<" + url + ">" + (mailto == null ? "" : ", <mailto:" + mailto + ">");
        String headers = "List-Unsubscribe: " + value + "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
        Path copy = Files.createTempFile("salvo-template-", ".eml");
        copy.toFile().deleteOnExit();
        Files.writeString(copy, headers + text, StandardCharsets.UTF_8);
        return copy;
    }
}
