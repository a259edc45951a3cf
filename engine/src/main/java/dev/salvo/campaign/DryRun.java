package dev.salvo.campaign;

import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code salvo send --dry-run N DIR}: the first N recipients' messages, written as DIR/0001.eml and on. */
public final class DryRun {
    private DryRun() {
    }

    /**
     * Renders up to n rows of csv into dir (created if missing) as CRLF message files, the bytes
     * that BDAT would send; row i gets sequence base.sequence() + i. Returns the number written.
     */
    public static int write(Template template, RecipientCsv csv, int n, Path dir, RenderContext base) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CampaignException("dry-run directory " + dir + " could not be created: " + e.getMessage(), e);
        }
        int written = 0;
        RecipientRow row;
        while (written < n && (row = csv.next()) != null) {
            MessageContent content = template.render(row, base.withSequence(base.sequence() + written));
            Path file = dir.resolve(String.format("%04d.eml", written + 1));
            ByteBuf bytes = content.bdatPayload();
            try (OutputStream out = Files.newOutputStream(file)) {
                bytes.readBytes(out, bytes.readableBytes());
            } catch (IOException e) {
                throw new CampaignException("dry-run file " + file + " could not be written: " + e.getMessage(), e);
            } finally {
                bytes.release();
                content.release();
            }
            written++;
        }
        return written;
    }
}
