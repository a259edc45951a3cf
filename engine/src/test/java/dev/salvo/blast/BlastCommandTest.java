package dev.salvo.blast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.cli.SalvoCli;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import dev.salvo.testing.ScriptedSmtpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `salvo blast` end to end on loopback, against the sink and a server that stalls once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlastCommandTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    private static Run blast(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = SalvoCli.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("blast"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws Exception {
        return (Map<String, Object>) TinyJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return (Map<String, Object>) m.get(key);
    }

    private static double num(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void sendsExactlyTheCountAsked() throws Exception {
        Path report = dir.resolve("r.json");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--count", "500", "--connections", "4",
                    "--quiet", "--report", report.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(sink.stats().messagesAccepted()).isEqualTo(500);
            assertThat(run.out()).contains("delivered 500").contains("latency (ms)").contains("reply codes: 250 x500");
            Map<String, Object> messages = obj(json(report), "messages");
            assertThat(num(messages, "sent")).isEqualTo(500);
            assertThat(num(messages, "delivered")).isEqualTo(500);
            assertThat(num(messages, "deferred")).isZero();
        }
    }

    @Test
    void holdsTheRateAsked() throws Exception {
        Path report = dir.resolve("rate.json");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--rate", "100", "--duration", "3s",
                    "--connections", "2", "--report", report.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<String, Object> r = json(report);
            assertThat(num(obj(r, "messages"), "sent")).isBetween(285.0, 315.0);
            assertThat(num(r, "throughput_msgs_per_s")).isBetween(95.0, 105.0);
            assertThat(sink.stats().messagesAccepted()).isEqualTo((long) num(obj(r, "messages"), "sent"));
            assertThat(run.err()).as("the live line, once a second").contains("msg/s").contains("p99");
        }
    }

    @Test
    void jsonReportHasEveryDocumentedKey() throws Exception {
        Path report = dir.resolve("schema.json");
        Path html = dir.resolve("r.html");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().rejectPrefix("").build())) {
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--count", "200", "--connections", "3",
                    "--size-dist", "1k:70,20k:25,100k:5", "--recipients", "2", "--domains", "a.test,b.test",
                    "--messages-per-connection", "50", "--quiet", "--timeout", "10", "--report", report.toString(),
                    "--html", html.toString());
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            Map<String, Object> r = json(report);
            assertThat(r).containsKeys("schema", "target", "started", "duration_s", "connections", "rate_target", "messages",
                    "bytes_sent", "throughput_msgs_per_s", "throughput_mb_per_s", "latency_ms", "reply_codes", "errors",
                    "timeline", "stopped_early");
            assertThat(r.get("target")).isEqualTo("127.0.0.1:" + sink.port());
            assertThat((String) r.get("started")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(num(r, "duration_s")).isPositive();
            assertThat(num(r, "connections")).isEqualTo(3);
            assertThat(num(r, "rate_target")).isZero();
            assertThat(obj(r, "messages")).containsOnlyKeys("sent", "delivered", "deferred", "bounced");
            assertThat(num(r, "throughput_msgs_per_s")).isPositive();
            // 200 messages of 70% 1 KiB, 25% 20 KiB, 5% 100 KiB: about 2.2 MB.
            assertThat(num(r, "bytes_sent")).isBetween(200 * 10_000.0, 200 * 12_000.0);
            Map<String, Object> latency = obj(r, "latency_ms");
            assertThat(latency).containsOnlyKeys("total", "connect", "greeting", "ehlo", "starttls", "auth",
                    "mail_to_data", "end_of_data");
            for (String phase : List.of("total", "connect", "greeting", "ehlo", "mail_to_data", "end_of_data")) {
                Map<String, Object> p = obj(latency, phase);
                assertThat(p).containsOnlyKeys("p50", "p90", "p99", "p999", "max", "count");
                assertThat(num(p, "count")).as(phase).isPositive();
                assertThat(num(p, "p50")).as(phase).isPositive().isLessThanOrEqualTo(num(p, "p90"));
                assertThat(num(p, "p90")).isLessThanOrEqualTo(num(p, "p99"));
                assertThat(num(p, "p99")).isLessThanOrEqualTo(num(p, "p999"));
                assertThat(num(p, "p999")).isLessThanOrEqualTo(num(p, "max"));
            }
            assertThat(num(obj(latency, "total"), "count")).isEqualTo(200);
            assertThat(num(obj(latency, "connect"), "count")).as("reconnects every 50 messages").isGreaterThanOrEqualTo(4);
            assertThat(num(obj(latency, "starttls"), "count")).isZero();
            assertThat(num(obj(r, "reply_codes"), "250")).isEqualTo(400); // two recipients each
            assertThat(obj(r, "errors")).containsOnlyKeys("deferred", "bounced", "session");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> timeline = (List<Map<String, Object>>) r.get("timeline");
            assertThat(timeline).isNotEmpty();
            assertThat(timeline.stream().mapToDouble(row -> num(row, "msgs")).sum()).isEqualTo(200);
            for (Map<String, Object> row : timeline) {
                assertThat(row).containsOnlyKeys("t", "msgs", "msgs_per_s", "p50_ms", "p99_ms", "errors");
            }
            assertThat(r.get("stopped_early")).isNull();
            String page = Files.readString(html);
            assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg").contains("<polyline").contains("mail_to_data")
                    .doesNotContain("<script").doesNotContain("http://www.w3.org/1999").doesNotContain("https://");
        }
    }

    @Test
    void refusalsAreCountedByCodeAndTheExitCodeSaysSome() throws Exception {
        Path report = dir.resolve("errors.json");
        SinkConfig config = SinkConfig.builder().ephemeralPort().rejectPercent(20).tempfailPercent(20).seed(7).build();
        try (SmtpSink sink = SmtpSink.start(config)) {
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--count", "300", "--connections", "2", "--quiet",
                    "--report", report.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            Map<String, Object> r = json(report);
            Map<String, Object> messages = obj(r, "messages");
            assertThat(num(messages, "delivered") + num(messages, "deferred") + num(messages, "bounced")).isEqualTo(300);
            assertThat(num(messages, "deferred")).isPositive();
            assertThat(num(messages, "bounced")).isPositive();
            assertThat(num(obj(obj(r, "errors"), "deferred"), "450")).isEqualTo(num(messages, "deferred"));
            assertThat(num(obj(obj(r, "errors"), "bounced"), "550")).isEqualTo(num(messages, "bounced"));
            assertThat(num(obj(r, "reply_codes"), "250")).isEqualTo(num(messages, "delivered"));
            assertThat(run.out()).contains("errors: deferred 450 x").contains("bounced 550 x");
        }
    }

    @Test
    void aStalledServerShowsInTheHighPercentiles() throws Exception {
        Path report = dir.resolve("stall.json");
        // The 10th message's reply is held for one second; at 50/s some 50 messages fall due meanwhile.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(rcpt -> "250 2.1.5 ok", "PIPELINING")) {
            server.stallAtMessage = 10;
            server.stallMillis = 1000;
            Run run = blast("--target", server.relay(), "--rate", "50", "--duration", "3s", "--connections", "1",
                    "--quiet", "--report", report.toString());
            assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
            Map<String, Object> total = obj(obj(json(report), "latency_ms"), "total");
            assertThat(num(total, "max")).isGreaterThanOrEqualTo(1000);
            assertThat(num(total, "p99")).isGreaterThanOrEqualTo(900);
            // Measured from when each message went out, only one message would be slow and p90 would
            // stay small; measured from when each was due, the ones queued behind the stall count too.
            assertThat(num(total, "p90")).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void starttlsAndAuthAreTimed() throws Exception {
        Path report = dir.resolve("tls.json");
        Path pem = dir.resolve("sink.pem");
        String password = System.getenv("PATH"); // --password-env must name a variable that is set; PATH always is
        SinkConfig config = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("mailer", password).requireAuth(true).build();
        try (SmtpSink sink = SmtpSink.start(config)) {
            Files.writeString(pem, sink.trustCertificatePem());
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--count", "100", "--connections", "2",
                    "--tls", "starttls", "--trust", pem.toString(), "--user", "mailer", "--password-env", "PATH",
                    "--quiet", "--report", report.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(sink.stats().messagesAccepted()).isEqualTo(100);
            Map<String, Object> latency = obj(json(report), "latency_ms");
            for (String phase : List.of("starttls", "auth")) {
                assertThat(num(obj(latency, phase), "count")).as(phase).isEqualTo(2);
                assertThat(num(obj(latency, phase), "p50")).as(phase).isPositive();
            }
            assertThat(run.out()).containsPattern("starttls +\\d").containsPattern("auth +\\d");
        }
    }

    @Test
    void aRefusedLoginMakesTheTargetUnusable() throws Exception {
        SinkConfig config = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("mailer", "not-the-path").build();
        try (SmtpSink sink = SmtpSink.start(config)) {
            Run run = blast("--target", "127.0.0.1:" + sink.port(), "--count", "10", "--tls", "starttls",
                    "--insecure-trust-all", "--user", "mailer", "--password-env", "PATH", "--quiet");
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.err()).contains("target is unusable").contains("AUTH_FAILED");
            assertThat(sink.stats().messagesAccepted()).isZero();
        }
    }

    @Test
    void nothingListeningMakesTheTargetUnusable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run run = blast("--target", "127.0.0.1:" + port, "--count", "10", "--connections", "2", "--quiet");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("target is unusable").contains("CONNECT_FAILED");
    }

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(List.of("--count", "0"), "--count must be at least 1"),
                Arguments.of(List.of("--count", "5", "--duration", "3s"), "mutually exclusive"),
                Arguments.of(List.of("--duration", "soon"), "--duration 'soon' is not a duration"),
                Arguments.of(List.of("--rate", "-1"), "--rate must be 0"),
                Arguments.of(List.of("--ramp-up", "5s"), "--ramp-up needs --rate"),
                Arguments.of(List.of("--size", "0"), "--size: the size '0' must be from 1 byte to 64m"),
                Arguments.of(List.of("--size-dist", "1k"), "--size-dist: '1k' needs a weight"),
                Arguments.of(List.of("--size-dist", "1k:0"), "must be at least 1"),
                Arguments.of(List.of("--recipients", "0"), "--recipients must be from 1 to 1000"),
                Arguments.of(List.of("--connections", "0"), "--connections must be from 1 to"),
                Arguments.of(List.of("--tls", "maybe"), "--tls: unknown TLS mode 'maybe'"),
                Arguments.of(List.of("--domains", "a b"), "--domains: 'a b'"),
                Arguments.of(List.of("--user", "u", "--password-env", "PATH"), "--user with --tls none"),
                Arguments.of(List.of("--report", "/no/such/dir/r.json"), "--report '/no/such/dir/r.json'"),
                Arguments.of(List.of("--messages-per-connection", "-1"), "--messages-per-connection must be 0"));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void badUsageSendsNothingAndSaysWhy(List<String> flags, String message) throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            List<String> args = new ArrayList<>(List.of("--target", "127.0.0.1:" + sink.port(), "--quiet"));
            args.addAll(flags);
            Run run = blast(args.toArray(String[]::new));
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains(message);
            assertThat(sink.stats().connectionsAccepted()).isZero();
        }
    }

    @Test
    void aBadTargetIsAUsageError() {
        Run run = blast("--target", "localhost", "--quiet");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--target 'localhost' is not host:port");
    }

    @Test
    void helpExplainsTheLoopsAndGivesAnExample() {
        Run run = blast("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("open loop").contains("TLS is off unless --tls").contains("Examples:")
                .contains("--rate").contains("--size-dist").contains("--password-env").contains("Exit codes:");
    }
}
