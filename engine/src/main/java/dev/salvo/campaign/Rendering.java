package dev.salvo.campaign;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The values for one recipient's message, and what the finished message turned out to need
 * (8BITMIME, SMTPUTF8). One per {@link Template#render} call, on the caller's thread.
 *
 * <p>Empty values: a placeholder in a header with an empty value is an error, since a Subject of
 * "Hello ," or an empty address is a visible mistake; in the body an empty value is inserted as
 * nothing, which suits optional text such as a second address line.
 */
final class Rendering {
    /** RFC 5322 §3.3 date-time, with a numeric zone (GMT is the obsolete form). */
    static final DateTimeFormatter RFC5322_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    final RecipientRow row;
    final RenderContext ctx;
    private final Function<Rendering, String> messageIdDomain;
    boolean eightBit;
    boolean headersUtf8;
    /** Characters of values inserted so far: bounds how much longer any line can have become. */
    long insertedChars;
    private String messageId;

    Rendering(RecipientRow row, RenderContext ctx, Function<Rendering, String> messageIdDomain) {
        this.row = row;
        this.ctx = ctx;
        this.messageIdDomain = messageIdDomain;
    }

    String value(Placeholder placeholder) {
        String value = switch (placeholder.source()) {
            case FIELD -> row.values()[placeholder.field()];
            case EMAIL -> row.email().address();
            case MESSAGE_ID -> messageId();
            case DATE -> ctx.date();
            case CAMPAIGN -> ctx.campaignId();
            case UNSUBSCRIBE_URL -> unsubscribeUrl(placeholder);
        };
        insertedChars += value.length();
        return value;
    }

    /**
     * RFC 5322 §3.6.4 msg-id, unique per recipient: &lt;campaign.sequence.random@domain-of-From&gt;.
     * The random part keeps IDs unique when a campaign is re-run with the same id and sequence.
     */
    String messageId() {
        if (messageId == null) {
            long random = ctx.salt() == 0 ? ThreadLocalRandom.current().nextLong() : mix(ctx.salt() + ctx.sequence() * 0x9E3779B97F4A7C15L);
            // Not Long.toUnsignedString(random, 36): for a negative long it goes through BigInteger.
            messageId = "<" + atom(ctx.campaignId()) + "." + ctx.sequence() + "." + Long.toString(random >>> 1, 36)
                    + "@" + messageIdDomain.apply(this) + ">";
            insertedChars += messageId.length();
        }
        return messageId;
    }

    /** SplitMix64's finaliser: a well-spread value from a salt and a sequence, the same each time. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The campaign id as RFC 5322 dot-atom text without dots, so the id stays unambiguous. */
    private static String atom(String campaignId) {
        StringBuilder out = new StringBuilder(campaignId.length());
        for (int i = 0; i < campaignId.length(); i++) {
            char c = campaignId.charAt(i);
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
            out.append(plain ? c : '-');
        }
        return out.isEmpty() ? "campaign" : out.toString();
    }

    private String unsubscribeUrl(Placeholder placeholder) {
        String base = ctx.unsubscribeBase();
        if (base == null) {
            throw new CampaignException(row(placeholder.braced() + " has no value: the recipients file has no "
                    + "unsubscribe_url column and no unsubscribe base URL was configured"));
        }
        return base + (base.indexOf('?') < 0 ? '?' : '&') + "c=" + URLEncoder.encode(ctx.campaignId(),
                StandardCharsets.UTF_8) + "&r=" + URLEncoder.encode(row.email().address(), StandardCharsets.UTF_8);
    }

    /** A value for the body: any text but NUL (RFC 5322 §2.3); its line ends are normalised later. */
    String bodyValue(Placeholder placeholder) {
        String value = value(placeholder);
        if (value.indexOf('\0') >= 0) {
            throw new CampaignException(row("the value of " + placeholder.braced() + " contains a NUL character"));
        }
        if (!EncodedWords.isAscii(value)) {
            eightBit = true;
        }
        return value;
    }

    /** The value of a header with placeholders: the text after the colon, without the final CRLF. */
    String headerValue(HeaderTemplate header) {
        StringBuilder text = new StringBuilder(80);
        for (int s = 0; s < header.value.length; s++) {
            Segment segment = header.value[s];
            if (segment.isLiteral()) {
                text.append(segment.text());
                continue;
            }
            Placeholder placeholder = segment.placeholder();
            String value = value(placeholder);
            checkHeaderValue(header, placeholder, value);
            boolean displayName = header.inDisplayName[s] && placeholder.source() != Placeholder.Source.EMAIL;
            if (displayName && !EncodedWords.isAscii(value)) {
                EncodedWords.append(text, value); // RFC 2047 §5(3): as a word of a display name
            } else if (displayName && hasSpecials(value)) {
                appendQuoted(text, value); // "Smith, John" must not become two addresses
            } else if (EncodedWords.isAscii(value) || header.kind != HeaderTemplate.Kind.STRUCTURED) {
                text.append(value); // an address in <> stays UTF-8: it needs SMTPUTF8 anyway
            } else {
                throw new CampaignException(row("the value of " + placeholder.braced() + " has non-ASCII characters, "
                        + "which the " + header.name + " header cannot carry (RFC 2047 §5 allows encoded-words only "
                        + "in text and display names)"));
            }
        }
        if (!EncodedWords.isAscii(text)) {
            if (header.kind == HeaderTemplate.Kind.UNSTRUCTURED) {
                // RFC 2047 §5(1): the whole unstructured value becomes encoded-words, so no word is glued to text.
                String unfolded = text.toString().replace("\r\n", "").strip();
                text.setLength(0);
                EncodedWords.append(text.append(' '), unfolded);
            } else {
                headersUtf8 = true;
                eightBit = true;
            }
        }
        insertedChars += text.length(); // encoded-words are longer than the values they carry
        return text.toString();
    }

    /** RFC 5322 §3.2.3 specials: outside quotes they give a display name a different meaning. */
    private static boolean hasSpecials(String value) {
        for (int i = 0; i < value.length(); i++) {
            if ("()<>[]:;@\\,.\"".indexOf(value.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5322 §3.2.4 quoted-string: backslash and double quote are escaped with a backslash. */
    private static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private void checkHeaderValue(HeaderTemplate header, Placeholder placeholder, String value) {
        if (value.isEmpty()) {
            throw new CampaignException(row("placeholder " + placeholder.braced() + " has no value; it is used in the "
                    + header.name + " header, where an empty value is an error (in the body it would be allowed)"));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029') {
                throw new CampaignException(row("the value of " + placeholder.braced() + " for the " + header.name
                        + " header contains a line break; header values must be one line (header injection)"));
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new CampaignException(row("the value of " + placeholder.braced() + " for the " + header.name
                        + " header contains the control character " + String.format("U+%04X", (int) c)));
            }
        }
    }

    String row(String what) {
        return "row " + row.line() + ": " + what;
    }
}
