package dev.salvo.campaign;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits a CRLF-normalised template into header fields and body, and each into literal runs and
 * placeholders, once at load.
 *
 * <p>Only {{name}}, {{{name}}} and {{&amp;name}} are understood, and all three insert the value
 * as it is: Mustache's default HTML escaping would corrupt text/plain mail, and an HTML template
 * that needs escaping should get values that are already HTML. Sections, partials, comments and
 * delimiter changes are rejected rather than sent to recipients as literal text.
 */
final class TemplateParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final String templateName;
    private final List<String> fieldNames;

    TemplateParser(String templateName, List<String> fieldNames) {
        this.templateName = templateName;
        this.fieldNames = fieldNames;
    }

    record Parsed(List<HeaderTemplate> headers, boolean hasBody, Segment[] body) {}

    /** crlf is already validated as RFC 5322 shaped and normalised, so every line ends with CRLF. */
    Parsed parse(byte[] crlf) {
        List<HeaderTemplate> headers = new ArrayList<>();
        int pos = 0;
        int line = 1;
        while (pos < crlf.length && crlf[pos] != CR) {
            int start = pos;
            int startLine = line;
            pos = lineEnd(crlf, pos);
            line++;
            while (pos < crlf.length && (crlf[pos] == ' ' || crlf[pos] == '\t')) {
                pos = lineEnd(crlf, pos); // RFC 5322 §2.2.3: a line starting with WSP continues the field
                line++;
            }
            headers.add(header(crlf, start, pos, startLine));
        }
        if (pos >= crlf.length) {
            return new Parsed(headers, false, new Segment[0]);
        }
        int bodyStart = pos + 2; // past the empty line that ends the header section
        return new Parsed(headers, true, segments(crlf, bodyStart, crlf.length, line + 1));
    }

    /** The index just past the CRLF that ends the line at pos. */
    private static int lineEnd(byte[] crlf, int pos) {
        while (crlf[pos] != LF) {
            pos++;
        }
        return pos + 1;
    }

    private HeaderTemplate header(byte[] crlf, int start, int end, int line) {
        int colon = start;
        while (crlf[colon] != ':') {
            colon++;
        }
        String name = new String(crlf, start, colon - start, StandardCharsets.US_ASCII).strip();
        byte[] prefix = Arrays.copyOfRange(crlf, start, colon + 1);
        Segment[] value = segments(crlf, colon + 1, end - 2, line);
        boolean literal = value.length <= 1 && (value.length == 0 || value[0].isLiteral());
        byte[] whole = literal ? Arrays.copyOfRange(crlf, start, end) : null;
        HeaderTemplate header = new HeaderTemplate(name, line, whole, prefix, value);
        if (header.quoted != null) {
            throw error(header.quoted.line(), header.quoted.braced() + " is inside quotes in the " + name
                    + " header; remove the quotes. A display name is quoted when it needs it, and a non-ASCII one "
                    + "is RFC 2047-encoded, which cannot be done inside quotes (RFC 2047 §5)");
        }
        return header;
    }

    /** Literal runs and placeholders of src[from, to); line is the line number at from. */
    Segment[] segments(byte[] src, int from, int to, int line) {
        List<Segment> out = new ArrayList<>();
        int literalStart = from;
        int i = from;
        while (i < to - 1) {
            if (src[i] == LF) {
                line++;
            }
            if (src[i] != '{' || src[i + 1] != '{') {
                i++;
                continue;
            }
            addLiteral(out, src, literalStart, i);
            boolean triple = i + 2 < to && src[i + 2] == '{';
            int nameStart = i + (triple ? 3 : 2);
            int close = indexOf(src, nameStart, to, triple ? "}}}" : "}}");
            if (close < 0 || containsLineEnd(src, nameStart, close)) {
                throw error(line, "'{{' is not closed by '" + (triple ? "}}}" : "}}") + "' on the same line; "
                        + "write a placeholder as {{name}}");
            }
            String raw = new String(src, nameStart, close - nameStart, StandardCharsets.UTF_8).strip();
            out.add(Segment.of(resolve(raw, triple, line)));
            i = close + (triple ? 3 : 2);
            literalStart = i;
        }
        addLiteral(out, src, literalStart, to);
        return out.toArray(new Segment[0]);
    }

    private static void addLiteral(List<Segment> out, byte[] src, int from, int to) {
        if (to > from) {
            out.add(Segment.literal(Arrays.copyOfRange(src, from, to), new String(src, from, to - from,
                    StandardCharsets.UTF_8)));
        }
    }

    private Placeholder resolve(String raw, boolean triple, int line) {
        String name = raw;
        if (!triple && name.startsWith("&")) {
            name = name.substring(1).strip(); // Mustache's other spelling of "unescaped"
        }
        if (name.isEmpty()) {
            throw error(line, "empty placeholder {{}}; write {{name}} with a column name");
        }
        if (!triple && "#^/!>=".indexOf(name.charAt(0)) >= 0) {
            throw error(line, "{{" + raw + "}} is a Mustache section, comment or partial, which campaign "
                    + "templates do not support; only {{name}} and {{{name}}} are");
        }
        Placeholder.Source builtIn = Placeholder.Source.builtIn(name);
        boolean reserved = builtIn == Placeholder.Source.EMAIL || builtIn == Placeholder.Source.MESSAGE_ID;
        int field = reserved ? -1 : fieldNames.indexOf(name);
        if (field >= 0) {
            return new Placeholder(name, Placeholder.Source.FIELD, field, line); // a column shadows a built-in
        }
        if (builtIn != null) {
            return new Placeholder(name, builtIn, -1, line);
        }
        throw error(line, "{{" + name + "}} is neither a column of the recipients file nor a built-in"
                + suggestion(name) + ". Columns: " + (fieldNames.isEmpty() ? "(none besides email)"
                : String.join(", ", fieldNames)) + "; built-ins: email, message_id, date, campaign, unsubscribe_url");
    }

    private String suggestion(String name) {
        for (String field : fieldNames) {
            if (field.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return " (did you mean {{" + field + "}}? names are case-sensitive)";
            }
        }
        return "";
    }

    private static int indexOf(byte[] src, int from, int to, String needle) {
        outer:
        for (int i = from; i <= to - needle.length(); i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (src[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean containsLineEnd(byte[] src, int from, int to) {
        for (int i = from; i < to; i++) {
            if (src[i] == CR || src[i] == LF) {
                return true;
            }
        }
        return false;
    }

    private CampaignException error(int line, String what) {
        return new CampaignException("template " + templateName + " line " + line + ": " + what);
    }
}
