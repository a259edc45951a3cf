package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** swaks, a widely used SMTP test client, against the sink: STARTTLS, AUTH PLAIN and pipelining. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwaksInteropTest {

    @Test
    void swaksDeliversOverStartTlsWithAuthAndPipelining() throws Exception {
        String swaks = onPath("swaks");
        if (swaks == null) {
            if (Boolean.getBoolean("salvo.interop.required")) {
                fail("swaks is not on PATH but salvo.interop.required=true: run scripts/install-test-peers");
            }
            assumeTrue(false, "swaks is not on PATH; install it with scripts/install-test-peers");
        }
        SinkConfig config = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("U", "P").requireAuth(true)
                .captureLimit(5).build();
        try (SmtpSink sink = SmtpSink.start(config)) {
            // swaks does not verify certificates unless asked (--tls-verify), so the self-signed one is fine.
            Process p = new ProcessBuilder(List.of(swaks,
                    "--server", "127.0.0.1:" + sink.port(),
                    "--tls", "--auth", "PLAIN", "--auth-user", "U", "--auth-password", "P",
                    "--pipeline", "--to", "a@example.com", "--from", "b@example.com",
                    "--timeout", "20"))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String transcript = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(transcript).isZero();
            assertThat(transcript).contains("250 2.0.0 Message accepted");
            assertThat(sink.stats().messagesAccepted()).isEqualTo(1);
            assertThat(sink.stats().tlsHandshakes()).isEqualTo(1);
            assertThat(sink.stats().authSuccesses()).isEqualTo(1);
            assertThat(sink.received()).singleElement()
                    .satisfies(m -> assertThat(m.recipients()).containsExactly("a@example.com"));
        }
    }

    private static String onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, program);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
