package dev.salvo.campaign;

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
