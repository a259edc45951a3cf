package dev.salvo.message;

import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 5321 §4.1.2 Mailbox grammar (with the RFC 6531 §3.3 UTF-8 extensions), checked once
 * when an address enters the system. Each rejection names the address and the specific problem.
 */
final class MailboxSyntax {
    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 §4.5.3.1.2. */
    static final int MAX_DOMAIN_OCTETS = 255;
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
    static final int MAX_ADDRESS_OCTETS = 254;
    /** RFC 1035 §2.3.4. */
    static final int MAX_LABEL_OCTETS = 63;

    /** RFC 5322 §3.2.3 atext specials allowed in an unquoted local part besides letters and digits. */
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private MailboxSyntax() {
    }

    static EmailAddress parse(String raw) {
        if (raw == null) {
            throw new InvalidMessageException("email address is missing (null)");
        }
        if (raw.isEmpty()) {
            throw new InvalidMessageException("email address is empty; expected local-part@domain");
        }
        checkCharacters(raw);
        if (utf8Length(raw) > MAX_ADDRESS_OCTETS) {
            throw invalid(raw, "is " + utf8Length(raw) + " octets long; RFC 5321 §4.5.3.1.3 allows at most "
                    + MAX_ADDRESS_OCTETS);
        }
        int at = raw.lastIndexOf('@');
        if (at < 0) {
            throw invalid(raw, "has no '@'; expected local-part@domain such as alice@example.com");
        }
        String local = raw.substring(0, at);
        String domain = raw.substring(at + 1);
        if (local.isEmpty()) {
            throw invalid(raw, "has an empty local part before the '@'");
        }
        if (domain.isEmpty()) {
            throw invalid(raw, "has an empty domain after the '@'");
        }
        checkLocalPart(raw, local);
        checkDomain(raw, domain);
        return new EmailAddress(local, domain, !isAscii(raw));
    }

    /**
     * Control characters first: a CR or LF in an envelope address would let the value end the SMTP
     * command and start another (RFC 5321 §2.3.8 allows them only as the line terminator).
     */
    private static void checkCharacters(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029') {
                throw invalid(raw, "contains a line break: header/command injection is not allowed");
            }
            if (c == '\ufeff') {
                throw invalid(raw, "contains a byte-order mark (U+FEFF), usually left by the file it came from; "
                        + "remove it");
            }
            // Invisible formatting characters (zero-width space and the like) are copy-paste accidents;
            // ZWNJ and ZWJ are kept because IDNA2008 (RFC 5892 Appendix A.1, A.2) allows them in context.
            if (Character.getType(c) == Character.FORMAT && c != '\u200c' && c != '\u200d') {
                throw invalid(raw, "contains the invisible formatting character " + String.format("U+%04X", (int) c)
                        + "; remove it");
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw invalid(raw, "contains the control character " + String.format("U+%04X", (int) c)
                        + "; remove it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw invalid(raw, "contains a broken UTF-16 surrogate, which has no UTF-8 form");
            }
        }
        if (isSpace(raw.charAt(0)) || isSpace(raw.charAt(raw.length() - 1))) {
            throw invalid(raw, "has leading or trailing whitespace; remove it (addresses are not trimmed silently)");
        }
        if (raw.charAt(0) == '<' || raw.charAt(raw.length() - 1) == '>') {
            throw invalid(raw, "has angle brackets, which belong to the SMTP command, not the address; give the bare "
                    + "address such as alice@example.com");
        }
    }

    private static void checkLocalPart(String raw, String local) {
        if (utf8Length(local) > MAX_LOCAL_PART_OCTETS) {
            throw invalid(raw, "has a local part of " + utf8Length(local) + " octets; RFC 5321 §4.5.3.1.1 allows "
                    + "at most " + MAX_LOCAL_PART_OCTETS);
        }
        if (local.charAt(0) == '"') {
            checkQuotedString(raw, local);
        } else {
            checkDotString(raw, local);
        }
    }

    /** RFC 5321 §4.1.2 Dot-string = Atom *("." Atom); RFC 6531 §3.3 adds UTF-8 to atext. */
    private static void checkDotString(String raw, String local) {
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                if (i == 0 || i == local.length() - 1) {
                    throw invalid(raw, "has a local part that starts or ends with '.'; quote it or remove the dot");
                }
                if (local.charAt(i - 1) == '.') {
                    throw invalid(raw, "has two dots in a row in the local part; quote it or remove a dot");
                }
            } else if (c == '@') {
                throw invalid(raw, "has more than one '@' outside quotes; an address is local-part@domain");
            } else if (!isAtext(c)) {
                throw invalid(raw, describe(c) + " in the local part is only allowed inside quotes "
                        + "(RFC 5321 §4.1.2), e.g. \"john doe\"@example.com");
            }
        }
    }

    /**
     * RFC 5321 §4.1.2 Quoted-string: DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE, where
     * quoted-pairSMTP is a backslash followed by any printable ASCII character or space.
     */
    private static void checkQuotedString(String raw, String local) {
        int last = local.length() - 1;
        if (last == 0 || local.charAt(last) != '"') {
            throw invalid(raw, "has a quoted local part without its closing '\"' right before the '@'");
        }
        if (last == 1) {
            throw invalid(raw, "has an empty quoted local part");
        }
        for (int i = 1; i < last; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                i++;
                if (i == last) {
                    throw invalid(raw, "ends its quoted local part with a lone backslash");
                }
            } else if (c == '"') {
                throw invalid(raw, "has a '\"' inside the quoted local part; escape it as \\\" or remove it");
            }
        }
    }

    private static void checkDomain(String raw, String domain) {
        if (domain.charAt(0) == '[') {
            checkAddressLiteral(raw, domain);
            return;
        }
        if (utf8Length(domain) > MAX_DOMAIN_OCTETS) {
            throw invalid(raw, "has a domain of " + utf8Length(domain) + " octets; RFC 5321 §4.5.3.1.2 allows at most "
                    + MAX_DOMAIN_OCTETS);
        }
        int labelStart = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i < domain.length() && domain.charAt(i) != '.') {
                char c = domain.charAt(i);
                if (!isLetterOrDigit(c) && c != '-' && (c < 0x80 || isSpace(c))) {
                    throw invalid(raw, describe(c) + " is not allowed in a domain; use letters, digits, '-' and '.'");
                }
                continue;
            }
            checkLabel(raw, domain.substring(labelStart, i));
            labelStart = i + 1;
        }
    }

    /** RFC 5321 §4.1.2 sub-domain = Let-dig [Ldh-str]; RFC 6531 §3.3 allows U-labels. */
    private static void checkLabel(String raw, String label) {
        if (label.isEmpty()) {
            throw invalid(raw, "has an empty domain label (a leading, trailing or doubled '.')");
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            throw invalid(raw, "has a domain label " + InvalidMessageException.quote(label)
                    + " that starts or ends with '-'");
        }
        if (utf8Length(label) > MAX_LABEL_OCTETS) {
            throw invalid(raw, "has a domain label of " + utf8Length(label) + " octets; RFC 1035 §2.3.4 allows at most "
                    + MAX_LABEL_OCTETS);
        }
    }

    /** RFC 5321 §4.1.3: "[" (IPv4-address-literal / "IPv6:" IPv6-addr) "]". */
    private static void checkAddressLiteral(String raw, String domain) {
        if (domain.charAt(domain.length() - 1) != ']') {
            throw invalid(raw, "has an address literal without its closing ']'");
        }
        String inside = domain.substring(1, domain.length() - 1);
        boolean valid = inside.regionMatches(true, 0, "IPv6:", 0, 5)
                ? NetUtil.isValidIpV6Address(inside.substring(5))
                : NetUtil.isValidIpV4Address(inside);
        if (!valid) {
            throw invalid(raw, "has an address literal that is neither [IPv4] such as [192.0.2.1] nor "
                    + "[IPv6:...] such as [IPv6:2001:db8::1]");
        }
    }

    private static boolean isAtext(char c) {
        return isLetterOrDigit(c) || ATEXT_SPECIALS.indexOf(c) >= 0 || (c >= 0x80 && !isSpace(c));
    }

    /** Non-ASCII spaces (NO-BREAK SPACE, IDEOGRAPHIC SPACE) are as unwelcome as ASCII ones. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String describe(char c) {
        return isSpace(c) ? "a space" : "the character '" + c + "'";
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static InvalidMessageException invalid(String raw, String problem) {
        return new InvalidMessageException("invalid email address " + InvalidMessageException.quote(raw) + ": "
                + problem);
    }
}
