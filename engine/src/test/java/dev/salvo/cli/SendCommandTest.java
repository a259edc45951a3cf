package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.testing.ScriptedSmtpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** `salvo send` against a scripted plaintext server: bad input sends nothing; good input gets one event per recipient. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SendCommandTest {
    @TempDir
    static Path dir;

    private ScriptedSmtpServer server;
    /** RCPT to a local part starting with this gets 450 4.2.1 every time; null never. */
    private volatile String tempfailPrefix;
    private Path message;

    @BeforeEach
    void start() throws Exception {
        // Local parts starting with "bad" are refused for good; tempfailPrefix ones are deferred every time.
        server = new ScriptedSmtpServer(address -> {
            String a = address.toLowerCase(Locale.ROOT);
            String busy = tempfailPrefix;
            return a.startsWith("bad") ? "550 5.1.1 no such user here"
                    : busy != null && a.startsWith(busy) ? "450 4.2.1 mailbox busy" : "250 2.1.5 ok";
        }, "PIPELINING");
        message = write("m.eml", "From: news@example.com\r\nSubject: hi\r\nMessage-ID: <m1@example.com>\r\n\r\nHello\r\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** `salvo send` with {@code more}, plus a working --relay, --tls none and --from unless {@code more} gives its own. */
    private CliRun send(String... more) {
        List<String> given = List.of(more);
        List<String> args = new java.util.ArrayList<>(List.of("send", "--quiet"));
        for (String[] d : new String[][] {{"--relay", server.relay()}, {"--tls", "none"}, {"--from", "news@example.com"}}) {
            if (!given.contains(d[0])) {
                args.addAll(List.of(d));
            }
        }
        args.addAll(given);
        return CliRun.of(args.toArray(String[]::new));
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("--to", "a@example.com", "--message", "missing.eml"), "message file \"missing.eml\" does not exist"),
                Arguments.of(List.of("--to", "a@", "--message", "M"), "--to: invalid email address \"a@\""),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--from", "nobody"), "--from: invalid email address \"nobody\""),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--tls", "ssl"), "--tls: unknown TLS mode 'ssl'"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--relay", "localhost"), "--relay 'localhost' is not host:port"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--trust", "M", "--insecure-trust-all"),
                        "--trust and --insecure-trust-all contradict each other"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--trust", "nope.pem"), "--trust file 'nope.pem' does not exist"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--user", "u"), "--user needs --password-env VAR"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--user", "u", "--password-env", "SALVO_TEST_SURELY_UNSET_42"),
                        "the environment variable SALVO_TEST_SURELY_UNSET_42 (named by --password-env) is not set"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--connections", "0"), "--connections must be from 1 to 1000"),
                Arguments.of(List.of("--to", "a@example.com", "--message", "M", "--ehlo", "my host"), "the EHLO name must be a host name"),
                Arguments.of(List.of("--recipients", "EMPTY", "--message", "M"), "has no recipients"),
                Arguments.of(List.of("--recipients", "ALLBAD", "--message", "M"), "has no valid recipients (2 rejected)"),
                Arguments.of(List.of("--to", "a@example.com", "--recipients", "EMPTY", "--message", "M"), "mutually exclusive"),
                Arguments.of(List.of("--message", "M"), "Missing required argument"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsOneClearLineExitTwoAndNothingSent(List<String> args, String expected) throws Exception {
        Path empty = write("empty.txt", "# nobody yet\n\n");
        Path allBad = write("allbad.txt", "x@\n@y\n");
        String[] resolved = args.stream()
                .map(a -> a.equals("M") ? message.toString() : a.equals("EMPTY") ? empty.toString() : a.equals("ALLBAD") ? allBad.toString() : a)
                .toArray(String[]::new);
        CliRun run = send(resolved);
        assertThat(run.err()).contains(expected);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).doesNotContain("internal error", "Exception");
        assertThat(server.connections.get()).isZero();
    }

    @Test
    void deliversAndBouncesPerRecipientWithOneEventEach() throws Exception {
        Path list = write("list.txt", "a@example.com\nbad1@example.com\nnot an address\nb@example.com\nbad2@example.com\nc@example.com\n");
        Path events = dir.resolve("events.jsonl");
        CliRun run = send("--recipients", list.toString(), "--message", message.toString(), "--events", events.toString(),
                "--connections", "2");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(run.err()).contains(list + " line 3: invalid email address \"not an address\"");
        assertThat(run.out()).contains("delivered 3  bounced 2  expired 0  rejected 1  (deferred attempts 0)", "550 5.1.1 \u00d7 2", "tls: none");
        assertThat(server.messages.get()).isEqualTo(3);
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(6);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"delivered\""))).hasSize(3)
                .allMatch(l -> l.contains("\"message_id\":\"m1@example.com\"") && l.contains("\"code\":250"));
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"bounced\""))).hasSize(2)
                .allMatch(l -> l.contains("\"code\":550,\"enhanced\":\"5.1.1\",\"response\":\"no such user here\""));
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"rejected\""))).hasSize(1)
                .allMatch(l -> l.contains("\"recipient\":\"not an address\"") && l.contains("\"attempt\":0"));
    }

    @Test
    void hardBouncesOfAMessageSendAreSuppressedOnTheNextRun() throws Exception {
        Path list = write("again.txt", "a@example.com\nbad1@example.com\nb@example.com\n");
        Path suppression = dir.resolve("suppression");
        CliRun first = send("--recipients", list.toString(), "--message", message.toString(), "--suppression", suppression.toString());
        assertThat(first.out()).as(first.err()).contains("delivered 2  bounced 1");
        assertThat(server.messages.get()).isEqualTo(2);

        Path events = dir.resolve("again.jsonl");
        CliRun second = send("--recipients", list.toString(), "--message", message.toString(), "--suppression", suppression.toString(),
                "--events", events.toString());
        assertThat(second.out()).as(second.err()).contains("delivered 2  bounced 0", "suppressed 1");
        assertThat(server.messages.get()).isEqualTo(4); // bad1@ was not offered again
        assertThat(Files.readAllLines(events, StandardCharsets.UTF_8)).filteredOn(l -> l.contains("\"event\":\"suppressed\""))
                .singleElement().asString().contains("bad1@example.com");
    }

    @Test
    void campaignOnlyFlagsAreRefusedWithAMessage() {
        CliRun spool = send("--to", "a@example.com", "--message", message.toString(), "--spool", dir.resolve("s").toString());
        assertThat(spool.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(spool.err()).contains("--spool, --durability and --fsync-window keep --template campaigns");
        CliRun verp = send("--to", "a@example.com", "--message", message.toString(), "--verp-domain", "bounce.example.com");
        assertThat(verp.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(verp.err()).contains("--verp-* sign a return path per recipient of a --template campaign");
        assertThat(server.messages.get()).isZero();
    }

    @Test
    void exitsZeroOnlyWhenEveryRecipientWasDelivered() {
        CliRun run = send("--to", "a@example.com", "b@example.com", "--message", message.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("delivered 2  bounced 0  expired 0  rejected 0");
        assertThat(server.messages.get()).isEqualTo(2);
    }

    @Test
    void aRelayThatRefusesConnectionsIsExitThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.of("send", "--relay", "127.0.0.1:" + port, "--tls", "none", "--from", "news@example.com",
                "--to", "a@example.com", "--message", message.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.RELAY_FAILED);
        assertThat(run.err()).startsWith("salvo: cannot connect to 127.0.0.1:" + port + ": ");
    }

    @Test
    void helpDescribesEveryOptionAndTheExitCodes() {
        CliRun run = CliRun.of("send", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("deferred recipients are retried",
                "Exit codes:", "Example:", "--password-env", "--no-chunking");
    }

    @Test
    void keepsEveryConnectionsWindowFullOverManyRecipients() throws Exception {
        StringBuilder list = new StringBuilder("email,name\n");
        for (int i = 0; i < 500; i++) {
            list.append("r").append(i).append("@example.com,R ").append(i).append('\n');
        }
        Path events = dir.resolve("many.jsonl");
        CliRun run = send("--recipients", write("many.csv", list.toString()).toString(), "--message", message.toString(),
                "--connections", "3", "--events", events.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(server.connections.get()).isEqualTo(3);
        assertThat(server.messages.get()).isEqualTo(500);
        assertThat(Files.readAllLines(events)).hasSize(500);
    }

    @Test
    void aLostConnectionDefersWhatWasOutstandingAndTheEngineRetriesItOnANewOne() throws Exception {
        server.dropAtMessage = 5;
        int total = 100; // more than one connection's window, so some are still unsent at the drop
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < total; i++) {
            list.append("r").append(i).append("@example.com\n");
        }
        Path events = dir.resolve("drop.jsonl");
        CliRun run = send("--recipients", write("drop.txt", list.toString()).toString(), "--message", message.toString(),
                "--connections", "1", "--max-age", "8s", "--events", events.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(server.connections.get()).isEqualTo(2);
        assertThat(run.out()).contains("delivered 100  bounced 0  expired 0  rejected 0");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("deferred attempts (\\d+)").matcher(run.out());
        assertThat(m.find()).isTrue();
        int deferred = Integer.parseInt(m.group(1));
        assertThat(deferred).isBetween(1, total - 4); // what was outstanding at the drop, the first four were answered
        List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"deferred\""))).hasSize(deferred)
                .allMatch(l -> l.contains("\"code\":421") && l.contains("\"attempt\":1"));
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"delivered\""))).hasSize(total);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"delivered\"") && l.contains("\"attempt\":2"))).hasSize(deferred);
    }

    @Test
    void deferredRecipientsThatNeverGetThroughExpireAtMaxAge() throws Exception {
        tempfailPrefix = "busy";
        Path events = dir.resolve("expire.jsonl");
        CliRun run = send("--to", "busy1@example.com", "ok@example.com", "--message", message.toString(), "--max-age", "2s",
                "--events", events.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(run.out()).contains("delivered 1  bounced 0  expired 1  rejected 0", "top failures: 450 4.2.1 \u00d7 1");
        List<String> busy = Files.readAllLines(events, StandardCharsets.UTF_8).stream().filter(l -> l.contains("busy1@")).toList();
        // Deferred on the first attempt, tried again a second later, and expired when the next wait would pass --max-age.
        assertThat(busy).hasSizeGreaterThanOrEqualTo(2);
        assertThat(busy.get(0)).contains("\"event\":\"deferred\"", "\"attempt\":1", "\"code\":450");
        assertThat(busy.get(busy.size() - 1)).contains("\"event\":\"expired\"", "\"attempt\":" + busy.size(), "\"code\":450");
    }

    @Test
    void configIsRefusedWithMessageRatherThanIgnored() throws Exception {
        CliRun run = send("--to", "a@example.com", "--message", message.toString(), "--config", message.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--config is for --template campaigns");
        assertThat(server.connections.get()).isZero();
    }

    @Test
    void aRelayWithoutStarttlsIsRefusedWhenTlsIsRequired() {
        CliRun run = send("--tls", "starttls", "--to", "a@example.com", "--message", message.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.RELAY_FAILED);
        assertThat(run.err()).startsWith("salvo: ").containsIgnoringCase("STARTTLS");
        assertThat(server.messages.get()).isZero();
    }

    @Test
    void aPasswordThatWouldGoInPlaintextStopsTheRunWithoutShowingIt() {
        // PATH is set everywhere tests run, so it stands in for a password variable.
        String password = System.getenv("PATH");
        CliRun run = send("--user", "mailer", "--password-env", "PATH", "--to", "a@example.com", "--message", message.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.RELAY_FAILED);
        assertThat(run.err()).startsWith("salvo: ").doesNotContain(password);
        assertThat(server.messages.get()).isZero();
    }
}
