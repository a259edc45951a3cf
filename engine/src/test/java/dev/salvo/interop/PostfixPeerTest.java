package dev.salvo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

/** Proves that the Postfix peer is what the interop tests expect, over raw sockets. */
class PostfixPeerTest {

    // Per test instance (not @BeforeAll) so that an unavailable peer reports each test as skipped.
    private final PostfixPeer peer = PostfixPeer.get();

    @Test
    void submissionPortGreetsAndAdvertisesTheExtensionsTheEngineUses() throws Exception {
        try (Socket socket = connect(peer.submissionPort())) {
            Smtp smtp = new Smtp(socket);
            assertEquals(220, smtp.reply().code(), "greeting");
            List<String> ehlo = smtp.ehlo();
            for (String keyword : List.of("STARTTLS", "PIPELINING", "CHUNKING", "SMTPUTF8", "DSN", "SIZE",
                    "8BITMIME", "ENHANCEDSTATUSCODES")) {
                assertTrue(hasKeyword(ehlo, keyword), keyword + " missing from " + ehlo);
            }
            assertFalse(hasKeyword(ehlo, "AUTH"), "AUTH must only be offered after STARTTLS: " + ehlo);

            smtp.send("STARTTLS");
            assertEquals(220, smtp.reply().code(), "STARTTLS");
            SSLSocket tls = (SSLSocket) sslContext(peer.caPem()).getSocketFactory()
                    .createSocket(socket, "localhost", peer.submissionPort(), true);
            tls.startHandshake();
            Smtp secure = new Smtp(tls);
            List<String> tlsEhlo = secure.ehlo();
            assertTrue(tlsEhlo.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).matches("AUTH .*\\bPLAIN\\b.*")),
                    "AUTH PLAIN after STARTTLS: " + tlsEhlo);
            String plain = Base64.getEncoder().encodeToString(
                    ("\0" + peer.user() + "\0" + peer.password()).getBytes(StandardCharsets.UTF_8));
            secure.send("AUTH PLAIN " + plain);
            assertEquals(235, secure.reply().code(), "AUTH PLAIN");
            secure.send("QUIT");
            assertEquals(221, secure.reply().code());
        }
    }

    @Test
    void smtpPortDeliversToTheMaildirAndRefusesBounceRecipients() throws Exception {
        String localPart = "peertest-" + UUID.randomUUID().toString().substring(0, 8);
        try (Socket socket = connect(peer.smtpPort())) {
            Smtp smtp = new Smtp(socket);
            assertEquals(220, smtp.reply().code());
            List<String> ehlo = smtp.ehlo();
            assertFalse(hasKeyword(ehlo, "AUTH"), "no AUTH on the smtp port: " + ehlo);
            // Pipelined: MAIL, three RCPTs and BDAT in one write, replies read afterwards.
            String body = "Subject: peer test\r\n\r\nhello\r\n";
            smtp.send("MAIL FROM:<sender@example.test>\r\n"
                    + "RCPT TO:<" + localPart + "@example.test>\r\n"
                    + "RCPT TO:<bounce-hard-" + localPart + "@example.test>\r\n"
                    + "RCPT TO:<bounce-soft-" + localPart + "@example.test>\r\n"
                    + "BDAT " + body.getBytes(StandardCharsets.US_ASCII).length + " LAST\r\n" + body);
            assertEquals(250, smtp.reply().code(), "MAIL");
            assertEquals(250, smtp.reply().code(), "RCPT ok");
            Reply hard = smtp.reply();
            assertEquals(550, hard.code(), hard.text());
            assertTrue(hard.text().contains("5.1.1"), hard.text());
            Reply soft = smtp.reply();
            assertEquals(450, soft.code(), soft.text());
            assertTrue(soft.text().contains("4.2.1"), soft.text());
            assertEquals(250, smtp.reply().code(), "BDAT LAST");
            smtp.send("QUIT");
            assertEquals(221, smtp.reply().code());
        }
        List<Path> files = peer.waitForMaildirFiles(localPart, 1, Duration.ofSeconds(20));
        assertEquals(1, files.size());
        assertTrue(Files.readString(files.get(0), StandardCharsets.UTF_8).contains("Subject: peer test"));
    }

    private static boolean hasKeyword(List<String> ehlo, String keyword) {
        return ehlo.stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).split(" ")[0].equals(keyword));
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(peer.host(), port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static SSLContext sslContext(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("postfix", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private record Reply(int code, List<String> lines) {
        String text() {
            return String.join(" | ", lines);
        }
    }

    /** Just enough SMTP client to look at the peer; CRLF line handling by BufferedReader is fine here. */
    private static final class Smtp {
        private final BufferedReader in;
        private final OutputStream out;

        Smtp(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        void send(String commands) throws IOException {
            out.write((commands.endsWith("\r\n") ? commands : commands + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        Reply reply() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed after " + lines);
                }
                if (line.length() < 3) {
                    throw new IOException("malformed reply line: " + line);
                }
                lines.add(line);
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
                }
            }
        }

        /** Sends EHLO and returns the extension lines (without the code and the greeting line). */
        List<String> ehlo() throws IOException {
            send("EHLO peertest.example.test");
            Reply r = reply();
            assertEquals(250, r.code(), "EHLO: " + r.text());
            return r.lines().stream().skip(1).map(l -> l.substring(4)).toList();
        }
    }
}
