package dev.salvo.bounce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where reports that could not be read or matched go: the raw message as {@code NAME.eml} and, next
 * to it, {@code NAME.reason} with one line saying why. Nothing accepted is lost; a person (or a later
 * version of the parser) can look at it. Each file is written under a temporary name and renamed, so
 * a reader never sees half a message. Called from the listener's store thread, never an event loop.
 */
public final class SetAside {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();
    private final String unique = "P" + ProcessHandle.current().pid();

    public SetAside(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the set-aside directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("the set-aside directory " + dir + " is not writable");
        }
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Files {@code raw} with {@code reason}; returns the path of the .eml file. */
    public Path put(byte[] raw, String reason) throws IOException {
        String name = STAMP.format(Instant.now()) + "-" + unique + "-" + sequence.incrementAndGet();
        Path eml = dir.resolve(name + ".eml");
        write(dir.resolve(name + ".reason"), (reason.replace('\n', ' ').replace('\r', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
        write(eml, raw);
        return eml;
    }

    private void write(Path target, byte[] bytes) throws IOException {
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
