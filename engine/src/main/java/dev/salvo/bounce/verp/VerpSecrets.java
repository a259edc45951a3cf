package dev.salvo.bounce.verp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The HMAC keys for VERP tokens. The first signs, every one verifies, so a key can be rotated
 * without refusing the bounces of mail sent under the old one: put the new key first, keep the old
 * one below it until the late bounces have come in (a few days), then remove it.
 *
 * <p>The file holds one secret a line; blank lines and lines starting with '#' are skipped. Each
 * secret must be at least {@value #MIN_LENGTH} bytes ({@code openssl rand -hex 32} makes a good one).
 * {@link #toString()} never shows a secret.
 */
public final class VerpSecrets {
    public static final int MIN_LENGTH = 16;

    private final List<byte[]> keys;

    private VerpSecrets(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no VERP secret given");
        }
        this.keys = List.copyOf(keys);
    }

    /** Secrets given directly (tests, config); each at least {@value #MIN_LENGTH} bytes. */
    public static VerpSecrets of(String... secrets) {
        List<byte[]> keys = new ArrayList<>();
        for (String s : secrets) {
            byte[] k = s.getBytes(StandardCharsets.UTF_8);
            if (k.length < MIN_LENGTH) {
                throw new IllegalArgumentException("a VERP secret is " + k.length + " bytes; it must be at least "
                        + MIN_LENGTH + " (make one with: openssl rand -hex 32)");
            }
            keys.add(k);
        }
        return new VerpSecrets(keys);
    }

    /**
     * Reads the secrets file. The message of the {@link IllegalArgumentException} names the file and the
     * line of a short secret but never its text.
     */
    public static VerpSecrets load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the VERP secret file " + file + ": " + e.getMessage(), e);
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            byte[] k = line.getBytes(StandardCharsets.UTF_8);
            if (k.length < MIN_LENGTH) {
                throw new IllegalArgumentException("the VERP secret on line " + (i + 1) + " of " + file + " is "
                        + k.length + " bytes; each must be at least " + MIN_LENGTH
                        + " (make one with: openssl rand -hex 32)");
            }
            keys.add(k);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the VERP secret file " + file
                    + " holds no secret; put one on a line (make one with: openssl rand -hex 32)");
        }
        return new VerpSecrets(keys);
    }

    byte[] signing() {
        return keys.get(0);
    }

    List<byte[]> verifying() {
        return keys;
    }

    public int count() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "VerpSecrets[" + keys.size() + " key(s), hidden]";
    }
}
