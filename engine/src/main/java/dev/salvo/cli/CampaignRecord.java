package dev.salvo.cli;

import dev.salvo.campaign.RenderContext;
import dev.salvo.campaign.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a spooled campaign keeps once, and per recipient, so that its messages render again
 * exactly (same Message-ID, same Date) after a restart.
 *
 * <p>Template record, big-endian: {@code u64 render start (epoch ms, the Date), u64 Message-ID salt,
 * u16 field count, (u16 len + name)*, u32 len + template bytes}. Fields of one recipient:
 * {@code u16 count, (u32 len + UTF-8 value)*}, aligned with the record's field names.
 */
final class CampaignRecord {
    private CampaignRecord() {}

    static byte[] template(Instant start, long salt, List<String> fieldNames, byte[] templateBytes) {
        List<byte[]> names = new ArrayList<>();
        int size = 8 + 8 + 2 + 4 + templateBytes.length;
        for (String n : fieldNames) {
            byte[] b = n.getBytes(StandardCharsets.UTF_8);
            names.add(b);
            size += 2 + b.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putLong(start.toEpochMilli()).putLong(salt).putShort((short) names.size());
        for (byte[] b : names) {
            out.putShort((short) b.length).put(b);
        }
        return out.putInt(templateBytes.length).put(templateBytes).array();
    }

    /** A template record read back. */
    record Stored(Instant start, long salt, List<String> fieldNames, byte[] templateBytes) {
        RenderContext context(String campaignId) {
            return new RenderContext(campaignId, 0, start).withSalt(salt);
        }

        /** The template itself: {@code current} when its bytes and fields are the stored ones, else loaded from the record. */
        Template template(Template current, byte[] currentBytes, List<String> currentFields) {
            if (Arrays.equals(templateBytes, currentBytes) && fieldNames.equals(currentFields)) {
                return current;
            }
            try {
                Path tmp = Files.createTempFile("salvo-campaign-template", ".eml");
                try {
                    Files.write(tmp, templateBytes);
                    return Template.load(tmp, fieldNames);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the campaign's stored template: " + e.getMessage(), e);
            }
        }
    }

    static Stored read(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record);
        Instant start = Instant.ofEpochMilli(b.getLong());
        long salt = b.getLong();
        int n = b.getShort() & 0xFFFF;
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[b.getShort() & 0xFFFF];
            b.get(name);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        byte[] t = new byte[b.getInt()];
        b.get(t);
        return new Stored(start, salt, List.copyOf(names), t);
    }

    static byte[] fields(String[] values) {
        byte[][] encoded = new byte[values.length][];
        int size = 2;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = (values[i] == null ? "" : values[i]).getBytes(StandardCharsets.UTF_8);
            size += 4 + encoded[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putShort((short) values.length);
        for (byte[] e : encoded) {
            out.putInt(e.length).put(e);
        }
        return out.array();
    }

    static String[] values(byte[] fields) {
        if (fields.length == 0) {
            return new String[0];
        }
        ByteBuffer b = ByteBuffer.wrap(fields);
        String[] values = new String[b.getShort() & 0xFFFF];
        for (int i = 0; i < values.length; i++) {
            byte[] v = new byte[b.getInt()];
            b.get(v);
            values[i] = new String(v, StandardCharsets.UTF_8);
        }
        return values;
    }
}
