package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.DsnOptions;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The engine's record of one submission's content in the spool: what the recipients share besides
 * the message (sender, campaign, DSN options), then the message itself, big-endian:
 *
 * <pre>
 * u8  kind (1: a message as submitted; 2: a campaign's template record, its recipients carry merge fields)
 * u16 sender length, sender (UTF-8)
 * u16 campaign length or 0xFFFF for none, campaign (UTF-8)
 * u8  RET (0 none, 1 FULL, 2 HDRS)   u16 ENVID length or 0xFFFF, ENVID (ASCII)
 * u8  NOTIFY bits (ordinal of DsnOptions.Notify)   u8 ORCPT (0/1)
 * ... the message (CRLF, not dot-stuffed) to the end
 * </pre>
 */
record SpooledEnvelope(EmailAddress sender, String campaignId, DsnOptions dsn, byte[] message, boolean campaign) {
    static final byte MESSAGE = 1;
    /** A campaign's template record (opaque: what its CampaignRenderer reads) in place of a message. */
    static final byte CAMPAIGN = 2;

    SpooledEnvelope(EmailAddress sender, String campaignId, DsnOptions dsn, byte[] message) {
        this(sender, campaignId, dsn, message, false);
    }
    private static final int NONE = 0xFFFF;

    byte[] encode() {
        byte[] from = sender.utf8Bytes();
        byte[] id = campaignId == null ? null : campaignId.getBytes(StandardCharsets.UTF_8);
        byte[] envid = dsn.envelopeId() == null ? null : dsn.envelopeId().getBytes(StandardCharsets.US_ASCII);
        if (id != null && id.length >= NONE) {
            throw new IllegalArgumentException("a campaign id is at most 65534 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 2 + from.length + 2 + len(id) + 1 + 2 + len(envid) + 2 + message.length);
        b.put(campaign ? CAMPAIGN : MESSAGE).putShort((short) from.length).put(from);
        putOptional(b, id);
        b.put((byte) (dsn.ret() == null ? 0 : dsn.ret().ordinal() + 1));
        putOptional(b, envid);
        int notify = 0;
        for (DsnOptions.Notify n : dsn.notifyOn()) {
            notify |= 1 << n.ordinal();
        }
        b.put((byte) notify).put((byte) (dsn.originalRecipient() ? 1 : 0));
        b.put(message);
        return b.array();
    }

    /** @throws IllegalStateException when the record cannot be read (the caller reports the spool as corrupt) */
    static SpooledEnvelope decode(byte[] record) {
        try {
            ByteBuffer b = ByteBuffer.wrap(record);
            byte kind = b.get();
            if (kind != MESSAGE && kind != CAMPAIGN) {
                throw new IllegalStateException("unknown content record kind " + kind);
            }
            byte[] from = new byte[b.getShort() & 0xFFFF];
            b.get(from);
            String campaign = optional(b, StandardCharsets.UTF_8);
            int ret = b.get();
            String envid = optional(b, StandardCharsets.US_ASCII);
            int bits = b.get();
            Set<DsnOptions.Notify> notify = EnumSet.noneOf(DsnOptions.Notify.class);
            for (DsnOptions.Notify n : DsnOptions.Notify.values()) {
                if ((bits & 1 << n.ordinal()) != 0) {
                    notify.add(n);
                }
            }
            boolean orcpt = b.get() != 0;
            DsnOptions dsn = new DsnOptions(ret == 0 ? null : DsnOptions.Ret.values()[ret - 1], envid, notify, orcpt);
            EmailAddress sender = from.length == 0 ? EmailAddress.nullSender() : EmailAddress.parse(new String(from, StandardCharsets.UTF_8));
            return new SpooledEnvelope(sender, campaign, dsn, Arrays.copyOfRange(record, b.position(), record.length), kind == CAMPAIGN);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException("a truncated or damaged content record (" + record.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void putOptional(ByteBuffer b, byte[] v) {
        if (v == null) {
            b.putShort((short) NONE);
        } else {
            b.putShort((short) v.length).put(v);
        }
    }

    private static String optional(ByteBuffer b, java.nio.charset.Charset cs) {
        int n = b.getShort() & 0xFFFF;
        if (n == NONE) {
            return null;
        }
        String s = new String(b.array(), b.position(), n, cs);
        b.position(b.position() + n);
        return s;
    }
}
