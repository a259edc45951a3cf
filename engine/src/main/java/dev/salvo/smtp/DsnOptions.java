package dev.salvo.smtp;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Delivery Status Notification parameters (RFC 3461), sent only when the server offers DSN.
 *
 * @param ret what a bounce should carry back (RET=FULL or HDRS), or null to leave it to the server
 * @param envelopeId ENVID, an opaque id the DSN will quote, or null
 * @param notifyOn NOTIFY for every recipient; empty leaves it to the server
 * @param originalRecipient add ORCPT=rfc822;address for every recipient
 */
public record DsnOptions(Ret ret, String envelopeId, Set<Notify> notifyOn, boolean originalRecipient) {
    public static final DsnOptions NONE = new DsnOptions(null, null, Set.of(), false);

    public enum Ret { FULL, HDRS }

    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    public DsnOptions {
        Objects.requireNonNull(notifyOn, "notifyOn");
        notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        if (notifyOn.contains(Notify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values (RFC 3461 §4.1)");
        }
        if (envelopeId != null) {
            if (envelopeId.length() > 100) {
                throw new IllegalArgumentException("ENVID is longer than 100 characters (RFC 3461 §4.4)");
            }
            for (int i = 0; i < envelopeId.length(); i++) {
                char c = envelopeId.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("ENVID must be printable ASCII (RFC 3461 §4.4)");
                }
            }
        }
    }

    public boolean isEmpty() {
        return ret == null && envelopeId == null && notifyOn.isEmpty() && !originalRecipient;
    }

    /** RFC 3461 §4: xtext encodes '+', '=' and anything outside '!'..'~' as "+HH". */
    static String xtext(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= '!' && c <= '~' && c != '+' && c != '=';
            if (!plain && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (plain) {
                    sb.append(c);
                } else {
                    sb.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
