package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The sink's fixed replies, shared by every connection as unreleasable buffers: write a
 * {@code duplicate()}, never the constant itself. Enhanced codes follow RFC 3463; RFC 2034 §3
 * leaves them off the greeting, 354 and 334.
 */
final class Replies {
    static final ByteBuf OK = constant("250 2.0.0 OK");
    static final ByteBuf SENDER_OK = constant("250 2.1.0 Sender OK");
    static final ByteBuf RECIPIENT_OK = constant("250 2.1.5 Recipient OK");
    static final ByteBuf MESSAGE_ACCEPTED = constant("250 2.0.0 Message accepted");
    static final ByteBuf CHUNK_RECEIVED = constant("250 2.0.0 Chunk received");
    static final ByteBuf START_MAIL_INPUT = constant("354 End data with <CR><LF>.<CR><LF>");
    static final ByteBuf BYE = constant("221 2.0.0 Bye");
    static final ByteBuf CANNOT_VRFY = constant("252 2.5.0 Cannot VRFY user, but will accept message");
    static final ByteBuf READY_TO_START_TLS = constant("220 2.0.0 Ready to start TLS");
    static final ByteBuf AUTH_OK = constant("235 2.7.0 Authentication successful");
    static final ByteBuf AUTH_PLAIN_CHALLENGE = constant("334 ");
    /** RFC 4954 has no LOGIN; these are the de facto prompts "Username:" and "Password:". */
    static final ByteBuf AUTH_LOGIN_USERNAME = constant("334 VXNlcm5hbWU6");
    static final ByteBuf AUTH_LOGIN_PASSWORD = constant("334 UGFzc3dvcmQ6");

    static final ByteBuf TOO_MANY_MESSAGES = constant("421 4.7.0 Too many messages on this connection, closing");
    static final ByteBuf TOO_MANY_CONNECTIONS = constant("421 4.7.0 Too many connections, try again later");
    static final ByteBuf IDLE_TIMEOUT = constant("421 4.4.2 Idle timeout, closing");
    static final ByteBuf RECIPIENT_TEMPFAILED = constant("450 4.2.1 Mailbox temporarily unavailable");
    static final ByteBuf STORE_FAILED = constant("451 4.3.0 Local error in processing");
    static final ByteBuf TOO_MANY_RECIPIENTS = constant("452 4.5.3 Too many recipients");

    static final ByteBuf UNRECOGNIZED = constant("500 5.5.1 Command unrecognized");
    static final ByteBuf LINE_TOO_LONG = constant("500 5.5.2 Line too long");
    static final ByteBuf NON_ASCII_COMMAND = constant("500 5.6.7 Non-ASCII octets need SMTPUTF8");
    static final ByteBuf SYNTAX = constant("501 5.5.4 Syntax error in parameters or arguments");
    static final ByteBuf BAD_BASE64 = constant("501 5.5.2 Cannot decode response");
    static final ByteBuf AUTH_CANCELLED = constant("501 5.0.0 Authentication cancelled");
    static final ByteBuf NOT_IMPLEMENTED = constant("502 5.5.1 Command not implemented");
    static final ByteBuf BAD_SEQUENCE = constant("503 5.5.1 Bad sequence of commands");
    static final ByteBuf NEED_EHLO = constant("503 5.5.1 Send EHLO or HELO first");
    static final ByteBuf NEED_MAIL = constant("503 5.5.1 Need MAIL before RCPT");
    static final ByteBuf NESTED_MAIL = constant("503 5.5.1 Sender already specified");
    static final ByteBuf ALREADY_AUTHENTICATED = constant("503 5.5.1 Already authenticated");
    static final ByteBuf BINARYMIME_NEEDS_BDAT = constant("503 5.5.1 BODY=BINARYMIME needs BDAT");
    static final ByteBuf UNKNOWN_MECHANISM = constant("504 5.5.4 Unrecognized authentication mechanism");
    static final ByteBuf AUTH_REQUIRED = constant("530 5.7.0 Authentication required");
    static final ByteBuf AUTH_FAILED = constant("535 5.7.8 Authentication credentials invalid");
    static final ByteBuf ENCRYPTION_REQUIRED = constant("538 5.7.11 Encryption required for requested authentication mechanism");
    static final ByteBuf RECIPIENT_REJECTED = constant("550 5.1.1 Mailbox unavailable");
    static final ByteBuf TEXT_LINE_TOO_LONG = constant("550 5.6.0 Message line longer than 998 octets");
    static final ByteBuf SIZE_EXCEEDED = constant("552 5.3.4 Message size exceeds fixed limit");
    static final ByteBuf NON_ASCII_ADDRESS = constant("553 5.6.7 Non-ASCII address needs SMTPUTF8");
    static final ByteBuf NO_VALID_RECIPIENTS = constant("554 5.5.0 No valid recipients");
    static final ByteBuf PARAMETER_NOT_RECOGNIZED = constant("555 5.5.4 Parameter not recognized");

    private Replies() {}

    /** A reply line, CRLF appended, as a shared buffer that lives as long as the class. */
    /** A reply made at run time (a handler's refusal); the write releases it. */
    static ByteBuf line(String line) {
        return Unpooled.wrappedBuffer((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    static ByteBuf constant(String line) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
    }

    /**
     * A shared reply for an object that may be garbage collected (one sink's EHLO): a wrapped heap
     * array, which the leak detector does not track, so dropping it is not a leak.
     */
    static ByteBuf collectable(String line) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }
}
