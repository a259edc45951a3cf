package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.bounce.SmtpLines;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.suppress.RocksSuppressionList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `salvo serve` as a user runs it: its own process, a DSN over SMTP to a VERP address, a forged
 * token refused, then SIGTERM. The events file, the summary and the RocksDB suppression list must
 * all show the late bounce after the process is gone.
 */
class ServeProcessTest {
    private static final String SECRET = "serve-process-test-secret-0123456789";
    private static final String DOMAIN = "bounce.example.com";

    @TempDir
    Path dir;

    @Test
    void aDsnBecomesAnEventAndASuppressionThatOutliveTheProcess() throws Exception {
        Path secret = Files.writeString(dir.resolve("verp.key"), SECRET + "\n");
        Path events = dir.resolve("late.jsonl");
        Path suppression = dir.resolve("suppression");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process serve = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SalvoCli.class.getName(),
                "serve", "--bounce-domain", DOMAIN, "--listen", "127.0.0.1:0", "--verp-secret-file", secret.toString(),
                "--events", events.toString(), "--suppression", suppression.toString(),
                "--set-aside", dir.resolve("aside").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            int port = portFrom(out);
            StringBuilder rest = new StringBuilder();
            CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> drain(out, rest));

            VerpCodec verp = new VerpCodec("bounces", DOMAIN, VerpSecrets.of(SECRET));
            String returnPath = verp.encode(VerpCodec.campaignRef("c1", 7), "nobody-here@example.org");
            try (SmtpLines c = new SmtpLines(port)) {
                assertThat(c.reply()).startsWith("220");
                assertThat(c.command("EHLO mx.example.org")).startsWith("250");
                assertThat(c.command("MAIL FROM:<>")).startsWith("250");
                assertThat(c.command("RCPT TO:<" + returnPath + ">")).startsWith("250");
                assertThat(c.data(sample("postfix.eml"))).startsWith("250");
                // The same token with one character changed is refused before any data.
                String forged = returnPath.replaceFirst("\\+(.)", "+" + (returnPath.charAt(8) == 'a' ? 'b' : 'a'));
                assertThat(c.command("MAIL FROM:<>")).startsWith("250");
                assertThat(c.command("RCPT TO:<" + forged + ">")).startsWith("550");
            }

            serve.destroy(); // SIGTERM: the shutdown hook closes the listener, the events and the list
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
            drained.get(5, TimeUnit.SECONDS);
            assertThat(rest.toString()).contains("nobody-here@example.org");

            List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
            assertThat(lines).singleElement().asString().contains("\"event\":\"bounced\"", "\"report\":\"dsn\"",
                    "\"recipient\":\"nobody-here@example.org\"", "\"class\":\"invalid-recipient\"");
            try (RocksSuppressionList list = RocksSuppressionList.open(suppression)) {
                assertThat(list.isSuppressed("news.example.com", "nobody-here@example.org")).isTrue();
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    private static int portFrom(BufferedReader out) throws IOException {
        Pattern listening = Pattern.compile("bounce listener for \\S+ on 127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = listening.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("salvo serve did not say where it listens; it printed:\n" + seen);
    }

    private static void drain(BufferedReader out, StringBuilder into) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                into.append(line).append('\n');
            }
        } catch (IOException e) {
            into.append("(output ended: ").append(e.getMessage()).append(")\n");
        }
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = ServeProcessTest.class.getResourceAsStream("/bounce/" + name)) {
            return in.readAllBytes();
        }
    }
}
