package dev.salvo.cli;

import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `salvo sink`: runs Salvo's own SMTP server until Ctrl-C, then prints its counters. */
@Command(
        name = "sink",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run an SMTP server that accepts mail and throws it away (or files it in a maildir), "
                    + "for testing senders. It can misbehave on purpose: reject or defer recipients, delay "
                    + "replies, cap connections, close after some messages.",
            "",
            "Recipients whose local part starts with the reject prefix get 550 5.1.1; with the "
                    + "tempfail prefix, 450 4.2.1. Ctrl-C stops it and prints its counters.",
            ""
        })
final class SinkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions where;

    @Option(names = "--tls", paramLabel = "self-signed|CERT.pem,KEY.pem",
            description = "Offer STARTTLS with a certificate generated at start (for localhost, 127.0.0.1, ::1) or with the given PEM certificate chain and PKCS#8 key.")
    String tls;

    @Option(names = "--implicit-tls", description = "TLS from the first byte (SMTPS, RFC 8314) instead of STARTTLS. Needs --tls.")
    boolean implicitTls;

    @Option(names = "--auth", paramLabel = "USER:PASS", description = "Accept AUTH PLAIN and LOGIN for this account. Advertised only after TLS unless --allow-plaintext-auth.")
    String auth;

    @Option(names = "--require-auth", description = "Refuse MAIL with 530 5.7.0 until the client has authenticated. Needs --auth.")
    boolean requireAuth;

    @Option(names = "--allow-plaintext-auth", description = "Offer AUTH without TLS too.")
    boolean allowPlaintextAuth;

    @Option(names = "--maildir", paramLabel = "DIR", description = "Write each accepted message into DIR/new (Maildir), bytes exactly as received.")
    Path maildir;

    @Option(names = "--reject-prefix", paramLabel = "P", defaultValue = "bounce-hard",
            description = "Refuse recipients whose local part starts with P (550 5.1.1). Default: ${DEFAULT-VALUE}; empty turns it off.")
    String rejectPrefix;

    @Option(names = "--tempfail-prefix", paramLabel = "P", defaultValue = "bounce-soft",
            description = "Defer recipients whose local part starts with P (450 4.2.1). Default: ${DEFAULT-VALUE}; empty turns it off.")
    String tempfailPrefix;

    @Option(names = "--reject-percent", paramLabel = "N", defaultValue = "0", description = "Refuse N%% of other recipients at random (550 5.1.1).")
    int rejectPercent;

    @Option(names = "--tempfail-percent", paramLabel = "N", defaultValue = "0", description = "Defer N%% of other recipients at random (450 4.2.1).")
    int tempfailPercent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed for the random choices, so a run can be repeated.")
    long seed;

    @Option(names = "--max-messages-per-connection", paramLabel = "N", defaultValue = "0",
            description = "After N messages on a connection, answer the next MAIL with 421 4.7.0 and close. 0: no limit.")
    int maxMessagesPerConnection;

    @Option(names = "--latency-ms", paramLabel = "N", defaultValue = "0", description = "Delay every reply by N milliseconds.")
    long latencyMs;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "0",
            description = "Greet connections beyond N open ones with 421 4.7.0 and close them. 0: no limit.")
    int maxConnections;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "" + SinkConfig.DEFAULT_MAX_SIZE,
            description = "Largest message accepted (552 5.3.4 beyond it), advertised in EHLO SIZE. Default: ${DEFAULT-VALUE}.")
    long maxSize;

    @Override
    public Integer call() throws Exception {
        SinkConfig config = config();
        SmtpSink sink;
        try {
            sink = SmtpSink.start(config);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("salvo sink listening on " + describe(sink) + " (" + sink.transport() + "); Ctrl-C to stop");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sink.close();
            out.println();
            out.println(sink.stats().summary());
            out.flush();
            stopped.countDown();
        }, "salvo-sink-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    SinkConfig config() {
        SinkConfig.Builder b = SinkConfig.builder()
                .listen(where.address())
                .implicitTls(implicitTls)
                .requireAuth(requireAuth)
                .allowPlaintextAuth(allowPlaintextAuth)
                .maildir(maildir)
                .rejectPrefix(rejectPrefix)
                .tempfailPrefix(tempfailPrefix)
                .seed(seed);
        tls(b);
        if (auth != null) {
            int colon = auth.indexOf(':');
            if (colon <= 0 || colon == auth.length() - 1) {
                throw new UserError("--auth expects USER:PASS, both non-empty");
            }
            b.auth(auth.substring(0, colon), auth.substring(colon + 1));
        }
        if (implicitTls && tls == null) {
            throw new UserError("--implicit-tls needs a certificate: add --tls self-signed or --tls CERT.pem,KEY.pem");
        }
        if (requireAuth && auth == null) {
            throw new UserError("--require-auth needs an account: add --auth USER:PASS");
        }
        if (auth != null && tls == null && !allowPlaintextAuth) {
            throw new UserError("--auth without --tls would never be offered: add --tls self-signed, or --allow-plaintext-auth");
        }
        b.rejectPercent(percent("--reject-percent", rejectPercent))
                .tempfailPercent(percent("--tempfail-percent", tempfailPercent));
        if (rejectPercent + tempfailPercent > 100) {
            throw new UserError("--reject-percent plus --tempfail-percent must be at most 100");
        }
        b.maxMessagesPerConnection(notNegative("--max-messages-per-connection", maxMessagesPerConnection))
                .latencyMs(notNegative("--latency-ms", latencyMs))
                .maxConnections(notNegative("--max-connections", maxConnections));
        if (maxSize < 1) {
            throw new UserError("--max-size must be at least 1 byte, not " + maxSize);
        }
        b.maxSize(maxSize);
        return b.build();
    }

    private void tls(SinkConfig.Builder b) {
        if (tls == null) {
            return;
        }
        if (tls.equals("self-signed")) {
            b.selfSignedTls();
            return;
        }
        String[] files = tls.split(",");
        if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
            throw new UserError("--tls expects self-signed or CERT.pem,KEY.pem, not " + tls);
        }
        Path cert = Path.of(files[0]);
        Path key = Path.of(files[1]);
        for (Path p : new Path[] {cert, key}) {
            if (!p.toFile().canRead()) {
                throw new UserError("--tls: cannot read " + p);
            }
        }
        b.pemTls(cert, key);
    }

    private static int percent(String flag, int value) {
        if (value < 0 || value > 100) {
            throw new UserError(flag + " must be between 0 and 100, not " + value);
        }
        return value;
    }

    private static <T extends Number> T notNegative(String flag, T value) {
        if (value.longValue() < 0) {
            throw new UserError(flag + " must be 0 or more, not " + value);
        }
        return value;
    }

    private static String describe(SmtpSink sink) {
        var a = sink.address();
        String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
        StringBuilder s = new StringBuilder(where);
        SinkConfig c = sink.config();
        if (c.tls() != SinkConfig.Tls.NONE) {
            s.append(c.implicitTls() ? ", implicit TLS" : ", STARTTLS");
        }
        if (c.authUser() != null) {
            s.append(c.requireAuth() ? ", AUTH required" : ", AUTH");
        }
        if (c.maildir() != null) {
            s.append(", maildir ").append(c.maildir());
        }
        return s.toString();
    }
}
