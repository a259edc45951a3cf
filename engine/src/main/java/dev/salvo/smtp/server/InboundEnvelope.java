package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The envelope of the mail transaction in progress (RFC 5321 §3.3): MAIL FROM and its ESMTP
 * parameters, the accepted recipients, bounded by {@code maxRecipients}. Every method returns the
 * reply to send; refusals are values.
 */
final class InboundEnvelope {
    private final SinkConfig config;
    private final RecipientPolicy policy;
    private final SinkStats stats;
    private final InboundHandler handler;
    private final List<String> recipients = new ArrayList<>();
    private String mailFrom;
    private boolean smtpUtf8;
    private boolean binaryMime;

    InboundEnvelope(SinkConfig config, RecipientPolicy policy, SinkStats stats, InboundHandler handler) {
        this.config = config;
        this.policy = policy;
        this.stats = stats;
        this.handler = handler;
    }

    boolean started() {
        return mailFrom != null;
    }

    boolean hasRecipients() {
        return !recipients.isEmpty();
    }

    /** RFC 3030 §3: BINARYMIME content can only come by BDAT. */
    boolean binaryMime() {
        return binaryMime;
    }

    boolean smtpUtf8() {
        return smtpUtf8;
    }

    void reset() {
        mailFrom = null;
        recipients.clear();
        smtpUtf8 = false;
        binaryMime = false;
    }

    ReceivedMessage message(byte[] content) {
        return new ReceivedMessage(mailFrom, recipients, content);
    }

    /** "MAIL FROM:<reverse-path> [params]" (RFC 5321 §4.1.1.2), {@code args} after the verb. */
    ByteBuf mail(String args, boolean asciiOnly) {
        if (started()) {
            return Replies.NESTED_MAIL.duplicate();
        }
        String[] path = splitPath(args, "FROM:");
        if (path == null) {
            return Replies.SYNTAX.duplicate();
        }
        boolean utf8 = false;
        boolean binary = false;
        for (String param : EsmtpSyntax.words(path[1])) {
            String key = key(param);
            String value = value(param);
            switch (key) {
                case "SIZE": // RFC 1870 §6: refuse at MAIL what would be refused at the end of data.
                    if (value == null || !EsmtpSyntax.isSize(value)) {
                        return Replies.SYNTAX.duplicate();
                    }
                    if (Long.parseLong(value) > config.maxSize()) {
                        return Replies.SIZE_EXCEEDED.duplicate();
                    }
                    break;
                case "BODY": // RFC 6152, RFC 3030 §3
                    String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!body.equals("7BIT") && !body.equals("8BITMIME") && !body.equals("BINARYMIME")) {
                        return Replies.SYNTAX.duplicate();
                    }
                    binary = body.equals("BINARYMIME");
                    break;
                case "SMTPUTF8": // RFC 6531 §3.4: no value
                    if (value != null) {
                        return Replies.SYNTAX.duplicate();
                    }
                    utf8 = true;
                    break;
                case "RET": // RFC 3461 §4.3
                    if (value == null || !(value.equalsIgnoreCase("FULL") || value.equalsIgnoreCase("HDRS"))) {
                        return Replies.SYNTAX.duplicate();
                    }
                    break;
                case "ENVID": // RFC 3461 §4.4
                case "AUTH": // RFC 4954 §5
                    if (value == null) {
                        return Replies.SYNTAX.duplicate();
                    }
                    break;
                default:
                    return Replies.PARAMETER_NOT_RECOGNIZED.duplicate();
            }
        }
        if (!asciiOnly && !utf8) {
            return Replies.NON_ASCII_ADDRESS.duplicate();
        }
        mailFrom = path[0];
        smtpUtf8 = utf8;
        binaryMime = binary;
        return Replies.SENDER_OK.duplicate();
    }

    /** "RCPT TO:<forward-path> [params]" (RFC 5321 §4.1.1.3). */
    ByteBuf rcpt(String args, boolean asciiOnly) {
        if (!started()) {
            return Replies.NEED_MAIL.duplicate();
        }
        String[] path = splitPath(args, "TO:");
        if (path == null || path[0].isEmpty()) {
            return Replies.SYNTAX.duplicate();
        }
        if (!asciiOnly && !smtpUtf8) {
            return Replies.NON_ASCII_ADDRESS.duplicate();
        }
        for (String param : EsmtpSyntax.words(path[1])) {
            String key = key(param);
            String value = value(param);
            // RFC 3461 §4.1 NOTIFY and §4.2 ORCPT; accepted and otherwise ignored by a sink.
            if (!(key.equals("NOTIFY") || key.equals("ORCPT")) || value == null) {
                return key.equals("NOTIFY") || key.equals("ORCPT")
                        ? Replies.SYNTAX.duplicate()
                        : Replies.PARAMETER_NOT_RECOGNIZED.duplicate();
            }
        }
        if (recipients.size() >= config.maxRecipients()) {
            // RFC 5321 §4.5.3.1.10: 452 for too many recipients, so the client sends the rest later.
            return Replies.TOO_MANY_RECIPIENTS.duplicate();
        }
        String refusal = handler == null ? null : handler.refuseRecipient(path[0]);
        if (refusal != null) {
            stats.recipientRejected();
            return Replies.line(refusal);
        }
        switch (policy.judge(path[0])) {
            case REJECT:
                stats.recipientRejected();
                return Replies.RECIPIENT_REJECTED.duplicate();
            case TEMPFAIL:
                stats.recipientTempfailed();
                return Replies.RECIPIENT_TEMPFAILED.duplicate();
            default:
                stats.recipientAccepted();
                recipients.add(path[0]);
                return Replies.RECIPIENT_OK.duplicate();
        }
    }

    /** Splits "FROM:<path> params" into {path, params}; null when malformed. */
    private static String[] splitPath(String args, String prefix) {
        if (!args.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String rest = args.substring(prefix.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return null;
        }
        String path = rest.substring(1, close);
        // RFC 5321 §4.1.2: a source route is accepted and ignored.
        if (path.startsWith("@") && path.indexOf(':') > 0) {
            path = path.substring(path.indexOf(':') + 1);
        }
        String params = rest.substring(close + 1);
        if (!params.isEmpty() && params.charAt(0) != ' ') {
            return null;
        }
        return new String[] {path, params.trim()};
    }

    private static String key(String param) {
        int eq = param.indexOf('=');
        return (eq < 0 ? param : param.substring(0, eq)).toUpperCase(Locale.ROOT);
    }

    private static String value(String param) {
        int eq = param.indexOf('=');
        return eq < 0 || eq == param.length() - 1 ? null : param.substring(eq + 1);
    }
}
