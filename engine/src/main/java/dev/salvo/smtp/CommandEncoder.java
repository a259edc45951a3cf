package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes client commands as bytes (RFC 5321 §4.1) into the buffer of the group being flushed.
 * Fixed commands are constant byte arrays; the variable ones are written straight into the buffer, addresses from their cached
 * UTF-8 bytes, numbers digit by digit, so encoding a transaction allocates nothing.
 *
 * <p>Our own encoder rather than netty-codec-smtp's {@code SmtpRequestEncoder}: that one writes
 * parameters as ASCII CharSequences, which can't carry SMTPUTF8 addresses (RFC 6531), and builds a
 * request object per command.
 */
final class CommandEncoder {
    static final byte[] DATA = ascii("DATA\r\n");
    static final byte[] RSET = ascii("RSET\r\n");
    static final byte[] QUIT = ascii("QUIT\r\n");
    static final byte[] STARTTLS = ascii("STARTTLS\r\n");
    /** RFC 5321 §4.1.1.4: the end of mail data; alone, it ends a DATA whose recipients were all refused. */
    static final byte[] LONE_DOT = ascii(".\r\n");

    private static final byte[] MAIL_FROM = ascii("MAIL FROM:<");
    private static final byte[] RCPT_TO = ascii("RCPT TO:<");
    private static final byte[] SIZE = ascii(" SIZE=");
    private static final byte[] BODY_8BITMIME = ascii(" BODY=8BITMIME");
    private static final byte[] SMTPUTF8 = ascii(" SMTPUTF8");
    private static final byte[] RET = ascii(" RET=");
    private static final byte[] ENVID = ascii(" ENVID=");
    private static final byte[] NOTIFY = ascii(" NOTIFY=");
    private static final byte[] ORCPT = ascii(" ORCPT=rfc822;");
    private static final byte[] BDAT = ascii("BDAT ");
    private static final byte[] LAST = ascii(" LAST\r\n");
    private static final byte[] CRLF = ascii("\r\n");

    private CommandEncoder() {}

    static void ehlo(ByteBuf out, boolean helo, String name) {
        out.writeCharSequence(helo ? "HELO " : "EHLO ", StandardCharsets.US_ASCII);
        out.writeCharSequence(name, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    /** An AUTH command or a continuation line; {@code line} is ASCII (base64) without CRLF. */
    static void line(ByteBuf out, String line) {
        out.writeCharSequence(line, StandardCharsets.US_ASCII);
        out.writeBytes(CRLF);
    }

    /**
     * MAIL FROM with the parameters this transaction needs: SIZE (RFC 1870) when offered,
     * BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461) when DSN is offered.
     */
    static void mail(ByteBuf out, EmailAddress from, int size, boolean sizeOffered, boolean eightBit, boolean smtpUtf8,
            DsnOptions dsn, boolean dsnOffered) {
        out.writeBytes(MAIL_FROM);
        out.writeBytes(from.utf8Bytes());
        out.writeByte('>');
        if (sizeOffered) {
            out.writeBytes(SIZE);
            writeDecimal(out, size);
        }
        if (eightBit) {
            out.writeBytes(BODY_8BITMIME);
        }
        if (smtpUtf8) {
            out.writeBytes(SMTPUTF8);
        }
        if (dsnOffered) {
            if (dsn.ret() != null) {
                out.writeBytes(RET);
                out.writeCharSequence(dsn.ret().name(), StandardCharsets.US_ASCII);
            }
            if (dsn.envelopeId() != null) {
                out.writeBytes(ENVID);
                out.writeCharSequence(DsnOptions.xtext(dsn.envelopeId()), StandardCharsets.US_ASCII);
            }
        }
        out.writeBytes(CRLF);
    }

    /** RCPT TO, with NOTIFY and ORCPT (RFC 3461 §4.1, §4.2) when DSN is offered. */
    static void rcpt(ByteBuf out, EmailAddress to, DsnOptions dsn, boolean dsnOffered) {
        rcpt(out, to.utf8Bytes(), dsn, dsnOffered);
    }

    /** The same from a validated address's UTF-8 bytes, so a queue of bytes needs no address object to send. */
    static void rcpt(ByteBuf out, byte[] to, DsnOptions dsn, boolean dsnOffered) {
        out.writeBytes(RCPT_TO);
        out.writeBytes(to);
        out.writeByte('>');
        if (dsnOffered) {
            if (!dsn.notifyOn().isEmpty()) {
                out.writeBytes(NOTIFY);
                boolean first = true;
                for (DsnOptions.Notify n : DsnOptions.Notify.values()) {
                    if (dsn.notifyOn().contains(n)) {
                        if (!first) {
                            out.writeByte(',');
                        }
                        out.writeCharSequence(n.name(), StandardCharsets.US_ASCII);
                        first = false;
                    }
                }
            }
            // ORCPT's rfc822 type is ASCII only; a UTF-8 address would need RFC 6533's utf-8 type.
            if (dsn.originalRecipient() && !TransactionState.nonAscii(to)) {
                out.writeBytes(ORCPT);
                out.writeCharSequence(DsnOptions.xtext(new String(to, StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
            }
        }
        out.writeBytes(CRLF);
    }

    /** RFC 3030 §2: "BDAT size LAST"; the chunk itself follows, unstuffed. */
    static void bdatLast(ByteBuf out, int size) {
        out.writeBytes(BDAT);
        writeDecimal(out, size);
        out.writeBytes(LAST);
    }

    static void writeDecimal(ByteBuf out, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        while (divisor > 0) {
            out.writeByte('0' + value / divisor % 10);
            divisor /= 10;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
