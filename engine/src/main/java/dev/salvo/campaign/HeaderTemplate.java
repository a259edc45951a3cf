package dev.salvo.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One header field of a template. A field without placeholders is kept as its finished bytes; one
 * with placeholders as the bytes up to the colon and the value's segments.
 */
final class HeaderTemplate {
    /** How a merged value may be written into the field. */
    enum Kind {
        /** RFC 5322 §3.4 address lists: a non-ASCII value becomes an encoded-word display name. */
        ADDRESS,
        /** Fields with their own syntax, where an encoded-word is not allowed: non-ASCII is an error. */
        STRUCTURED,
        /** RFC 5322 §3.6.5 and extension fields: a non-ASCII value encodes the whole field value. */
        UNSTRUCTURED
    }

    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "sender", "reply-to", "to", "cc", "bcc");
    private static final Set<String> STRUCTURED_FIELDS = Set.of("message-id", "in-reply-to", "references",
            "date", "list-unsubscribe", "list-unsubscribe-post", "list-id", "mime-version", "return-path",
            "received", "dkim-signature", "content-type", "content-transfer-encoding", "content-disposition",
            "content-id");

    final String name;
    final String lowerName;
    final int line;
    final Kind kind;
    /** The whole field with its CRLF when it has no placeholders, else null. */
    final byte[] staticBytes;
    /** "Name:" through the colon. */
    final byte[] prefix;
    /** The value after the colon, without the final CRLF; folded lines keep their CRLF. */
    final Segment[] value;
    /** For an address field: which value segments are placeholders in a display name (not in quotes or &lt;&gt;). */
    final boolean[] inDisplayName;
    /** For an address field: the first placeholder other than {{email}} inside a quoted string, or null. */
    final Placeholder quoted;

    HeaderTemplate(String name, int line, byte[] staticBytes, byte[] prefix, Segment[] value) {
        this.name = name;
        this.lowerName = name.toLowerCase(Locale.ROOT);
        this.line = line;
        this.kind = ADDRESS_FIELDS.contains(lowerName) ? Kind.ADDRESS
                : STRUCTURED_FIELDS.contains(lowerName) ? Kind.STRUCTURED
                : Kind.UNSTRUCTURED;
        this.staticBytes = staticBytes;
        this.prefix = prefix;
        this.value = value;
        this.inDisplayName = new boolean[value.length];
        this.quoted = kind == Kind.ADDRESS ? markDisplayNames() : null;
    }

    /**
     * One pass over the literal text tracking RFC 5322 §3.2.4 quoted strings and §3.4 name-addr: a
     * placeholder outside quotes and angle brackets is a display name when a '&lt;' follows it
     * before the next ','; otherwise it is a bare address (Reply-To: {{manager}}) and stays as it is.
     */
    private Placeholder markDisplayNames() {
        Placeholder firstQuoted = null;
        List<Integer> pending = new ArrayList<>();
        boolean inQuotes = false;
        int angle = 0;
        for (int s = 0; s < value.length; s++) {
            if (!value[s].isLiteral()) {
                Placeholder placeholder = value[s].placeholder();
                if (inQuotes && firstQuoted == null && placeholder.source() != Placeholder.Source.EMAIL) {
                    firstQuoted = placeholder;
                } else if (!inQuotes && angle == 0) {
                    pending.add(s);
                }
                continue;
            }
            String text = value[s].text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inQuotes) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inQuotes = false;
                    }
                } else if (c == '"') {
                    inQuotes = true;
                } else if (c == '<') {
                    if (angle++ == 0) {
                        pending.forEach(p -> inDisplayName[p] = true);
                        pending.clear();
                    }
                } else if (c == '>' && angle > 0) {
                    angle--;
                } else if (c == ',' && angle == 0) {
                    pending.clear();
                }
            }
        }
        return firstQuoted;
    }

    boolean isStatic() {
        return staticBytes != null;
    }

    boolean is(String lowerCaseName) {
        return lowerName.equals(lowerCaseName);
    }

    /** The value's literal text when the field is static, for reading fields such as From at load. */
    String staticValue() {
        StringBuilder text = new StringBuilder();
        for (Segment segment : value) {
            if (segment.isLiteral()) {
                text.append(segment.text());
            }
        }
        return text.toString();
    }
}
