package dev.salvo.bench.e2e;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Jakarta Mail (Angus Mail) baseline of {@code scripts/bench-e2e}: what a careful Java developer writes
 * to send one message to many recipients over plain SMTP.
 *
 * <p>A fixed pool of {@code --threads} threads; each keeps ONE {@link Transport}, connected once and reused
 * through {@link Transport#sendMessage} for every message it sends, reconnecting only after a failure that
 * left it disconnected. The message is built once (its body padded so the whole message is {@code --size}
 * bytes, or read from {@code --message FILE.eml}) and each thread sends its own copy of it, so no
 * {@link MimeMessage} is shared between threads. Each message goes to one recipient, {@code rcpt<N>@<domain>};
 * {@code --count} messages in all are taken from a shared counter.
 *
 * <p>With {@code --personalise} it sends a campaign the way such a developer writes one: for every recipient
 * a new {@link MimeMessage} with that recipient's To, a Subject and a greeting carrying the recipient's name,
 * the current Date, and a fresh Message-ID ({@link MimeMessage#saveChanges}), padded to the same size. That is
 * the work {@code salvo send --template} does per recipient, so the two are compared on the same job.
 *
 * <p>By default the sockets are what Jakarta Mail gives (Nagle on); {@code --tcp-nodelay} sets TCP_NODELAY
 * through a socket factory, the tuned variant.
 *
 * <p>Ends with one line that scripts parse:
 * {@code jakarta-mail: sent=N failed=N seconds=S messages/s=R}; the exit code is 0 only when every message
 * was accepted.
 */
public final class JakartaMailSender {

    private static final int MAX_RECONNECTS_PER_THREAD = 100;

    private final String host;
    private final int port;
    private final int threads;
    private final long count;
    private final int size;
    private final Path messageFile;
    private final String from;
    private final String domain;
    private final int timeoutMs;
    private final boolean tcpNoDelay;
    private final boolean personalise;

    private final AtomicLong next = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private JakartaMailSender(Args a) {
        this.host = a.host;
        this.port = a.port;
        this.threads = a.threads;
        this.count = a.count;
        this.size = a.size;
        this.messageFile = a.message;
        this.from = a.from;
        this.domain = a.domain;
        this.timeoutMs = a.timeoutMs;
        this.tcpNoDelay = a.tcpNoDelay;
        this.personalise = a.personalise;
    }

    public static void main(String[] argv) throws Exception {
        Args a;
        try {
            a = Args.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("jakarta-mail: " + e.getMessage());
            System.err.println(Args.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new JakartaMailSender(a).run());
    }

    private Session session() {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.localhost", "localhost");          // no reverse lookup of our own name
        p.put("mail.smtp.connectiontimeout", Integer.toString(timeoutMs));
        p.put("mail.smtp.timeout", Integer.toString(timeoutMs));
        p.put("mail.smtp.auth", "false");
        p.put("mail.smtp.starttls.enable", "false");
        p.put("mail.smtp.quitwait", "false");                // don't wait for QUIT's reply at close
        if (tcpNoDelay) {
            // Jakarta Mail has no property for TCP_NODELAY; a socket factory is the way to set it.
            p.put("mail.smtp.socketFactory", new NoDelaySocketFactory());
            p.put("mail.smtp.socketFactory.fallback", "false");
        }
        return Session.getInstance(p);
    }

    /** The message, built once: From, To, Subject, Date, Message-ID and a text body padded to the size. */
    private byte[] template(Session session) throws MessagingException, IOException {
        if (messageFile != null) {
            return Files.readAllBytes(messageFile);
        }
        MimeMessage m = build(session, "");
        int headerAndOverhead = serialise(m).length;
        int bodyBytes = Math.max(0, size - headerAndOverhead);
        StringBuilder body = new StringBuilder(bodyBytes);
        String line = "The quick brown fox jumps over the lazy dog, and Salvo measures how fast mail moves.";
        while (body.length() < bodyBytes) {
            int room = bodyBytes - body.length();
            if (room <= 2) {
                body.append("x".repeat(room));
                break;
            }
            int take = Math.min(76, room - 2);
            body.append(line, 0, Math.min(take, line.length()));
            if (take > line.length()) {
                body.append("-".repeat(take - line.length()));
            }
            body.append("\r\n");
        }
        return serialise(build(session, body.toString()));
    }

    private MimeMessage build(Session session, String body) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("recipient@" + domain));
        m.setSubject("Salvo end-to-end benchmark");
        m.setSentDate(new java.util.Date(0));
        m.setText(body, "us-ascii");
        m.saveChanges();
        return m;
    }

    private static byte[] serialise(MimeMessage m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    int run() throws Exception {
        Session session = session();
        byte[] raw = template(session);
        System.out.printf(Locale.ROOT, "jakarta-mail: %s:%d, %d threads, %d messages of %d bytes%s%s%n",
                host, port, threads, count, raw.length, tcpNoDelay ? ", TCP_NODELAY" : "",
                personalise ? ", one MimeMessage built per recipient" : "");

        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jakarta-mail-sender");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                worker(session, raw);
                return null;
            }));
        }
        Throwable firstError = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (firstError == null) {
                    firstError = e.getCause();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        if (firstError != null) {
            System.err.println("jakarta-mail: a sender thread gave up: " + firstError);
        }
        long ok = sent.get();
        long bad = failed.get();
        System.out.printf(Locale.ROOT, "jakarta-mail: sent=%d failed=%d seconds=%.3f messages/s=%.1f%n",
                ok, bad, seconds, ok / seconds);
        return ok == count && bad == 0 ? 0 : 1;
    }

    /** One thread: one Transport, connected once, reused for every message; reconnect after a failure. */
    private void worker(Session session, byte[] raw) throws MessagingException {
        MimeMessage shared = personalise ? null : new MimeMessage(session, new ByteArrayInputStream(raw));
        String padding = personalise ? padding(session) : null;
        Transport transport = session.getTransport("smtp");
        int reconnects = 0;
        try {
            transport.connect();
            long i;
            while ((i = next.getAndIncrement()) < count) {
                Address[] to = {new InternetAddress("rcpt" + i + "@" + domain)};
                try {
                    if (!transport.isConnected()) {
                        if (++reconnects > MAX_RECONNECTS_PER_THREAD) {
                            failed.incrementAndGet();
                            throw new MessagingException("more than " + MAX_RECONNECTS_PER_THREAD + " reconnects");
                        }
                        transport.connect();
                    }
                    MimeMessage message = shared != null ? shared : personal(session, to[0], i, padding);
                    transport.sendMessage(message, to);
                    sent.incrementAndGet();
                } catch (SendFailedException e) {
                    failed.incrementAndGet();           // refused by the server; the connection is still usable
                } catch (MessagingException e) {
                    failed.incrementAndGet();
                    closeQuietly(transport);            // a broken connection: reconnect for the next message
                }
            }
        } finally {
            closeQuietly(transport);
        }
    }

    /** One recipient's message, built as a campaign loop builds it: headers, greeting, body, a new Message-ID. */
    private MimeMessage personal(Session session, Address to, long i, String padding) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, to);
        m.setSubject("Salvo end-to-end benchmark for Reader " + i);
        m.setSentDate(new java.util.Date());
        m.setText("Hello Reader " + i + ",\r\n\r\n" + padding, "us-ascii");
        m.saveChanges();
        return m;
    }

    /** The body after the greeting, sized so a personalised message is about {@code --size} bytes. */
    private String padding(Session session) throws MessagingException {
        MimeMessage probe = personal(session, new InternetAddress("rcpt0@" + domain), 0, "");
        int overhead;
        try {
            overhead = serialise(probe).length;
        } catch (IOException e) {
            throw new MessagingException("cannot size the message", e);
        }
        int bodyBytes = Math.max(0, size - overhead);
        StringBuilder body = new StringBuilder(bodyBytes);
        String line = "The quick brown fox jumps over the lazy dog, and Salvo measures how fast mail moves.";
        while (body.length() + line.length() + 2 <= bodyBytes) {
            body.append(line).append("\r\n");
        }
        return body.toString();
    }

    private static void closeQuietly(Transport t) {
        try {
            t.close();
        } catch (MessagingException ignored) {
            // closing a dead connection
        }
    }

    /**
     * Plain sockets with TCP_NODELAY. Without it the small write that ends DATA (CRLF.CRLF after the body)
     * can sit in Nagle's buffer until the peer's delayed ACK, about 40 ms on Linux.
     */
    static final class NoDelaySocketFactory extends javax.net.SocketFactory {
        private static java.net.Socket nodelay(java.net.Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return nodelay(new java.net.Socket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return nodelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress local, int localPort)
                throws IOException {
            return nodelay(new java.net.Socket(host, port, local, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return nodelay(new java.net.Socket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local,
                int localPort) throws IOException {
            return nodelay(new java.net.Socket(address, port, local, localPort));
        }
    }

    /** The command line. */
    private static final class Args {
        static final String USAGE = "usage: JakartaMailSender --host H --port P --threads N --count M --size BYTES"
                + " [--message FILE.eml] [--from ADDR] [--domain D] [--timeout-ms MS] [--tcp-nodelay] [--personalise]";

        String host = "127.0.0.1";
        int port = -1;
        int threads = 10;
        long count = 10_000;
        int size = 1024;
        Path message;
        String from = "sender@salvo.test";
        String domain = "example.test";
        int timeoutMs = 30_000;
        boolean tcpNoDelay;
        boolean personalise;

        static Args parse(String[] argv) {
            Args a = new Args();
            for (int i = 0; i < argv.length; i++) {
                String name = argv[i];
                if (name.equals("--tcp-nodelay")) {
                    a.tcpNoDelay = true;
                    continue;
                }
                if (name.equals("--personalise")) {
                    a.personalise = true;
                    continue;
                }
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String v = argv[++i];
                switch (name) {
                    case "--host" -> a.host = v;
                    case "--port" -> a.port = Integer.parseInt(v);
                    case "--threads" -> a.threads = Integer.parseInt(v);
                    case "--count" -> a.count = Long.parseLong(v);
                    case "--size" -> a.size = Integer.parseInt(v);
                    case "--message" -> a.message = Path.of(v);
                    case "--from" -> a.from = v;
                    case "--domain" -> a.domain = v;
                    case "--timeout-ms" -> a.timeoutMs = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (a.port <= 0 || a.port > 65535) {
                throw new IllegalArgumentException("--port is required (1-65535)");
            }
            if (a.threads < 1 || a.count < 1 || a.size < 1) {
                throw new IllegalArgumentException("--threads, --count and --size must be positive");
            }
            return a;
        }
    }
}
