package dev.salvo.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, private Postfix instance for interop tests, started by {@code scripts/postfix-instance start}
 * (once per JVM; the script is idempotent, so several JVMs share one instance).
 *
 * <p>What the peer is (see the script's header for details): it listens on 127.0.0.1 only;
 * {@link #submissionPort()} (default 10587) offers STARTTLS and, only after it, AUTH PLAIN/LOGIN for
 * {@link #user()}/{@link #password()} and refuses unauthenticated senders at RCPT; {@link #smtpPort()}
 * (default 10025) is a port-25 style listener with STARTTLS and no AUTH. Both advertise PIPELINING,
 * SIZE, 8BITMIME, DSN, SMTPUTF8, CHUNKING, ENHANCEDSTATUSCODES (not BINARYMIME). Mail to any local part
 * at {@code example.test} or a subdomain is delivered to {@code maildir/<localpart>/new/} (local part
 * folded to lower case). RCPT refusals: {@code bounce-hard*} gets {@code 550 5.1.1}, {@code bounce-soft*}
 * gets {@code 450 4.2.1}; {@code bounce-async*} is accepted then bounced (the DSN lands in the sender's
 * Maildir when the sender is {@code @example.test}), {@code defer-async*} is accepted then deferred;
 * any other domain gets {@code 554 5.7.1} (nothing is relayed). TLS certificate: {@link #caPem()}
 * (self-signed, CN=localhost, SAN localhost and 127.0.0.1).
 *
 * <p>Availability: when Postfix is not installed or does not start, {@link #get()} aborts the calling
 * test (a skip), unless the system property {@value #REQUIRED_PROPERTY} is {@code "true"} (as in CI via
 * {@code .ci/run}), in which case it throws an {@link AssertionError}. Set up a machine with
 * {@code scripts/install-test-peers} (as root).
 *
 * <p>The instance is deliberately left running when the JVM exits (restarting Postfix costs seconds
 * and other JVMs may share it); stop it with {@code scripts/postfix-instance stop}. Maildirs persist
 * across runs, so tests should use unique local parts and count files relative to what was there.
 *
 * <p>System properties: {@code salvo.postfix.dir} overrides the instance directory (default
 * {@code /tmp/salvo-postfix}).
 */
public final class PostfixPeer {

    /** System property that turns an unavailable peer from a skip into a failure. */
    public static final String REQUIRED_PROPERTY = "salvo.interop.required";
    private static final String SCRIPT = "scripts/postfix-instance";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static PostfixPeer instance;
    private static String unavailable;

    private final String host;
    private final int submissionPort;
    private final int smtpPort;
    private final String user;
    private final String password;
    private final Path maildir;
    private final Path caPem;
    private final Path log;

    private PostfixPeer(Map<String, String> env) {
        this.host = require(env, "POSTFIX_HOST");
        this.submissionPort = Integer.parseInt(require(env, "POSTFIX_SUBMISSION_PORT"));
        this.smtpPort = Integer.parseInt(require(env, "POSTFIX_SMTP_PORT"));
        this.user = require(env, "POSTFIX_USER");
        this.password = require(env, "POSTFIX_PASSWORD");
        this.maildir = Path.of(require(env, "POSTFIX_MAILDIR"));
        this.caPem = Path.of(require(env, "POSTFIX_CA"));
        this.log = env.containsKey("POSTFIX_LOG") ? Path.of(env.get("POSTFIX_LOG")) : null;
    }

    /**
     * Returns the started peer, starting it on first use. Skips the calling test (or, with
     * {@code -Dsalvo.interop.required=true}, fails it) when Postfix is unavailable.
     */
    public static PostfixPeer get() {
        synchronized (PostfixPeer.class) {
            if (instance == null && unavailable == null) {
                try {
                    instance = start();
                } catch (Exception e) {
                    unavailable = e.getMessage();
                }
            }
            if (instance != null) {
                return instance;
            }
        }
        String message = "Postfix interop peer unavailable: " + unavailable
                + " (run scripts/install-test-peers as root to install Postfix, Cyrus SASL and swaks)";
        if (Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, "false"))) {
            throw new AssertionError(message + " [" + REQUIRED_PROPERTY + "=true]");
        }
        Assumptions.abort(message);
        throw new IllegalStateException("unreachable");
    }

    public String host() {
        return host;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public int smtpPort() {
        return smtpPort;
    }

    /** The SASL login, realm-qualified ({@code salvo@localhost}). */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The directory holding one Maildir per recipient local part. */
    public Path maildir() {
        return maildir;
    }

    /** The peer's self-signed certificate (PEM), to be trusted as a CA by TLS clients. */
    public Path caPem() {
        return caPem;
    }

    /** Postfix's log file ({@code maillog_file}), handy in failure messages; may be null. */
    public Path log() {
        return log;
    }

    /** The {@code new/} directory of the Maildir for {@code localPart} (folded to lower case, as Postfix does). */
    public Path newDir(String localPart) {
        return maildir.resolve(localPart.toLowerCase(Locale.ROOT)).resolve("new");
    }

    /**
     * Polls until the Maildir {@code new/} directory of {@code localPart} holds at least {@code count}
     * messages and returns them (sorted by name, i.e. roughly by delivery time).
     *
     * @throws AssertionError if fewer than {@code count} arrived within {@code timeout}
     */
    public List<Path> waitForMaildirFiles(String localPart, int count, Duration timeout) {
        Path dir = newDir(localPart);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Path> files;
        while (true) {
            files = list(dir);
            if (files.size() >= count) {
                return files;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("expected at least " + count + " message(s) in " + dir + " within "
                        + timeout + " but found " + files.size() + (log == null ? "" : "; see " + log));
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + dir, e);
            }
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of(); // a concurrent rename inside the Maildir; the next poll sees it
        }
    }

    /**
     * Routes mail for {@code domain} (e.g. DSNs to a VERP return path) to {@code 127.0.0.1:port}, by
     * {@code scripts/postfix-instance bounce-relay}, which rewrites the route and reloads Postfix.
     */
    public void relayDomainTo(String domain, int port) throws IOException, InterruptedException {
        Path root = repoRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve(SCRIPT).toString(), "bounce-relay", domain,
                String.valueOf(port)));
        String dir = System.getProperty("salvo.postfix.dir");
        if (dir != null && !dir.isBlank()) {
            command.add(dir);
        }
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(SCRIPT + " bounce-relay failed: " + output.strip());
        }
    }

    private static PostfixPeer start() throws IOException, InterruptedException {
        Path root = repoRoot();
        List<String> command = new ArrayList<>(List.of(root.resolve(SCRIPT).toString(), "start"));
        String dir = System.getProperty("salvo.postfix.dir");
        if (dir != null && !dir.isBlank()) {
            command.add(dir);
        }
        Process p = new ProcessBuilder(command).directory(root.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).start();
        // Drain both streams concurrently so a chatty script can never block on a full pipe.
        StreamCollector out = new StreamCollector(p.getInputStream());
        StreamCollector err = new StreamCollector(p.getErrorStream());
        out.start();
        err.start();
        if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(SCRIPT + " start did not finish within " + START_TIMEOUT);
        }
        // Bounded: a daemon that inherited the pipes must not hang the test JVM.
        out.join(5_000);
        err.join(5_000);
        if (p.exitValue() != 0) {
            throw new IOException(SCRIPT + " start exited with " + p.exitValue() + ": " + err.text().strip());
        }
        Map<String, String> env = new HashMap<>();
        for (String line : out.text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
                env.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        try {
            return new PostfixPeer(env);
        } catch (RuntimeException e) {
            throw new IOException(SCRIPT + " start printed unusable output (" + e.getMessage() + "): " + out.text(), e);
        }
    }

    /** Walks up from the working directory (the module directory under Maven) to the repository root. */
    private static Path repoRoot() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IOException("no " + SCRIPT + " found above " + Path.of("").toAbsolutePath());
    }

    private static String require(Map<String, String> env, String key) {
        String v = env.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static final class StreamCollector extends Thread {
        private final InputStream in;
        private volatile String text = "";

        StreamCollector(InputStream in) {
            super("postfix-instance-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try (in) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(unreadable: " + e + ")";
            }
        }

        String text() {
            return text;
        }
    }

    @Override
    public String toString() {
        return "PostfixPeer[" + host + " submission=" + submissionPort + " smtp=" + smtpPort + " maildir=" + maildir + "]";
    }
}
