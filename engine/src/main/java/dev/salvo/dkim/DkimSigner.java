package dev.salvo.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Signs messages with DKIM (RFC 6376), with one key or several at once (an rsa-sha256 and an
 * ed25519-sha256 signature side by side, RFC 8463 §5).
 *
 * <p>Signing is CPU work (an RSA-2048 signature costs about a millisecond): it is done where the
 * message is rendered, on a worker thread, never on an event loop. A signer is immutable and
 * thread-safe; each thread keeps its own JCA {@code Signature} per key.
 *
 * <p>Sign the rendered message (CRLF line ends, not dot-stuffed), then prepare the result with
 * {@code MessageContent.of} or {@code ofTrusted}: dot-stuffing happens after signing and is undone
 * by the receiver before it verifies.
 *
 * <p>Of the configured header names, only those present in a message are signed, each as often as
 * it occurs; From is listed once more than it occurs (RFC 6376 §8.15), so that a From added in
 * transit breaks the signature.
 */
public final class DkimSigner {
    /** Signed when present; From is required (RFC 6376 §5.4). */
    public static final List<String> DEFAULT_HEADERS = List.of("From", "To", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
            "Reply-To", "Cc", "In-Reply-To", "References");

    private static final byte[] CRLF = {'\r', '\n'};

    private final List<KeySigner> signers;
    private final List<String> headers;
    private final Canonicalization canonicalization;
    private final Clock clock;

    private DkimSigner(Builder b) {
        this.signers = b.keys.stream().map(KeySigner::new).toList();
        this.headers = b.headers;
        this.canonicalization = b.canonicalization;
        this.clock = b.clock;
    }

    /** A signer for one or more keys (say rsa-sha256 and ed25519-sha256); one signature each, in this order. */
    public static Builder builder(DkimKey... keys) {
        return new Builder(List.of(keys));
    }

    public Canonicalization canonicalization() {
        return canonicalization;
    }

    /**
     * Returns the message with one DKIM-Signature field per key prepended.
     *
     * @param rfc5322Message the message as it will be sent: CRLF line ends, not dot-stuffed
     * @throws IllegalArgumentException when the message has no From field or is not CRLF-normalised
     */
    public byte[] sign(byte[] rfc5322Message) {
        HeaderFields fields = HeaderFields.parse(rfc5322Message);
        BodyHash bh = bodyHash(rfc5322Message, fields.bodyStart(), rfc5322Message.length, canonicalization);
        return sign(fields, bh);
    }

    /**
     * As {@link #sign(byte[])}, with the body hash computed beforehand by {@link #bodyHash(byte[])}
     * (once for a campaign whose body is the same for every recipient). The caller vouches that it
     * is the hash of this message's body; the signatures are then identical to those of sign(byte[]).
     */
    public byte[] sign(byte[] rfc5322Message, BodyHash bodyHash) {
        if (bodyHash.canonicalization() != canonicalization) {
            throw new IllegalArgumentException("body hash is " + bodyHash.canonicalization().tag()
                    + " but this signer uses " + canonicalization.tag());
        }
        return sign(HeaderFields.parse(rfc5322Message), bodyHash);
    }

    /** The body hash under this signer's canonicalization, for {@link #sign(byte[], BodyHash)}. */
    public BodyHash bodyHash(byte[] body) {
        return bodyHash(body, canonicalization);
    }

    /** bh= of a message body (the bytes after the empty line that ends the header), CRLF-normalised. */
    public static BodyHash bodyHash(byte[] body, Canonicalization canonicalization) {
        return bodyHash(body, 0, body.length, canonicalization);
    }

    private static BodyHash bodyHash(byte[] buf, int from, int to, Canonicalization c) {
        return new BodyHash(c, Base64.getEncoder().encodeToString(Canonicalizer.bodyDigest(buf, from, to, c)));
    }

    private byte[] sign(HeaderFields fields, BodyHash bh) {
        if (fields.occurrences("From") == 0) {
            throw new IllegalArgumentException("message has no From header field; RFC 6376 §5.4 requires it to be signed");
        }
        List<String> names = signedNames(fields);
        ByteArrayOutputStream headerData = headerData(fields, names, canonicalization);
        long timestamp = clock.instant().getEpochSecond();
        byte[][] signatureFields = new byte[signers.size()][];
        int extra = 0;
        for (int i = 0; i < signers.size(); i++) {
            KeySigner signer = signers.get(i);
            SignatureHeader.Unsigned unsigned = SignatureHeader.unsigned(signer.key(), canonicalization, timestamp, names,
                    bh.base64());
            byte[] b = signature(signer, headerData, unsigned.text(), canonicalization);
            signatureFields[i] = SignatureHeader.withSignature(unsigned, Base64.getEncoder().encodeToString(b))
                    .getBytes(StandardCharsets.US_ASCII);
            extra += signatureFields[i].length + CRLF.length;
        }
        byte[] message = fields.message();
        byte[] out = new byte[extra + message.length];
        int pos = 0;
        for (byte[] field : signatureFields) {
            System.arraycopy(field, 0, out, pos, field.length);
            pos += field.length;
            out[pos++] = '\r';
            out[pos++] = '\n';
        }
        System.arraycopy(message, 0, out, pos, message.length);
        return out;
    }

    /** The h= list: each configured name as often as it occurs, From once more (RFC 6376 §8.15). */
    private List<String> signedNames(HeaderFields fields) {
        List<String> names = new ArrayList<>();
        for (String name : headers) {
            int n = fields.occurrences(name) + (name.equalsIgnoreCase("From") ? 1 : 0);
            for (int k = 0; k < n; k++) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * RFC 6376 §5.4.2: for each name in h=, the last instance not yet used, counting from the
     * bottom; a name with no instance left contributes nothing (over-signing).
     */
    static ByteArrayOutputStream headerData(HeaderFields fields, List<String> names, Canonicalization c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        boolean[] used = new boolean[fields.count()];
        for (String name : names) {
            for (int i = fields.count() - 1; i >= 0; i--) {
                if (!used[i] && fields.nameIs(i, name)) {
                    used[i] = true;
                    Canonicalizer.appendHeader(out, fields.message(), fields.start(i), fields.colon(i), fields.end(i), c, true);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * RFC 6376 §3.7: the signature over the selected fields and then the DKIM-Signature field
     * itself, with b= empty and no trailing CRLF. Package-private for the RFC 8463 test vector.
     */
    static byte[] signature(KeySigner signer, ByteArrayOutputStream headerData, String unsignedField, Canonicalization c) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(headerData.size() + unsignedField.length() + 16);
        data.writeBytes(headerData.toByteArray());
        byte[] field = unsignedField.getBytes(StandardCharsets.US_ASCII);
        Canonicalizer.appendHeader(data, field, 0, SignatureHeader.NAME.length(), field.length, c, false);
        return signer.sign(data.toByteArray(), data.size());
    }

    /** Builds a {@link DkimSigner}: relaxed/relaxed, {@link #DEFAULT_HEADERS} and the system clock unless set. */
    public static final class Builder {
        private final List<DkimKey> keys;
        private List<String> headers = DEFAULT_HEADERS;
        private Canonicalization canonicalization = Canonicalization.RELAXED;
        private Clock clock = Clock.systemUTC();

        private Builder(List<DkimKey> keys) {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a DKIM signer needs at least one key");
            }
            this.keys = keys;
        }

        /** The header fields to sign when present; must include From (RFC 6376 §5.4). */
        public Builder headers(List<String> names) {
            List<String> checked = new ArrayList<>();
            boolean from = false;
            for (String name : names) {
                if (!name.chars().allMatch(ch -> ch > 32 && ch < 127 && ch != ':') || name.isEmpty()) {
                    throw new IllegalArgumentException("not a header field name: \"" + name + "\"");
                }
                if (name.equalsIgnoreCase(SignatureHeader.NAME)) {
                    throw new IllegalArgumentException("DKIM-Signature cannot sign itself (RFC 6376 §3.5, h=)");
                }
                if (checked.stream().anyMatch(name::equalsIgnoreCase)) {
                    continue; // each name once here; repeats come from the message's own repeats
                }
                from |= name.toLowerCase(Locale.ROOT).equals("from");
                checked.add(name);
            }
            if (!from) {
                throw new IllegalArgumentException("the signed headers must include From (RFC 6376 §5.4)");
            }
            this.headers = List.copyOf(checked);
            return this;
        }

        public Builder canonicalization(Canonicalization c) {
            this.canonicalization = Objects.requireNonNull(c, "canonicalization");
            return this;
        }

        /** The clock for t= (tests fix it). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DkimSigner build() {
            return new DkimSigner(this);
        }
    }
}
