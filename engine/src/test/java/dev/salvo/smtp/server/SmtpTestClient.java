package dev.salvo.smtp.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A scripted SMTP client over a plain loopback socket: writes bytes, reads whole replies. */
final class SmtpTestClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpTestClient(Socket socket) throws IOException {
        use(socket);
    }

    static SmtpTestClient connect(SmtpSink sink) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), sink.port());
        socket.setSoTimeout(10_000);
        return new SmtpTestClient(socket);
    }

    /** Connects with TLS from the first byte, trusting the sink's certificate. */
    static SmtpTestClient connectImplicitTls(SmtpSink sink) throws Exception {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), sink.port());
        plain.setSoTimeout(10_000);
        SSLSocket tls = upgrade(plain, sink);
        return new SmtpTestClient(tls);
    }

    /** Runs the TLS handshake on the current connection, after the server's 220 to STARTTLS. */
    void startTls(SmtpSink sink) throws Exception {
        use(upgrade(socket, sink));
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One reply, all its lines, each ending in CRLF. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; reply so far: " + reply);
            }
            reply.append(line).append("\r\n");
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    /** Sends a command line and returns its reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Reads the greeting and says EHLO; returns the EHLO reply. */
    String greetAndEhlo() throws IOException {
        expect("220 ", reply());
        return expect("250", command("EHLO client.example"));
    }

    /** MAIL FROM and one RCPT TO, both of which must be accepted. */
    void envelope(String from, String to) throws IOException {
        expect("250 2.1.0", command("MAIL FROM:<" + from + ">"));
        expect("250 2.1.5", command("RCPT TO:<" + to + ">"));
    }

    private static String expect(String prefix, String reply) {
        if (!reply.startsWith(prefix)) {
            throw new AssertionError("expected a reply starting " + prefix + " but got " + reply);
        }
        return reply;
    }

    /** True when the server has closed the connection (reads EOF). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    private void use(Socket s) throws IOException {
        socket = s;
        // Unbuffered reads: nothing past the reply is consumed, which matters before STARTTLS.
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    private static SSLSocket upgrade(Socket plain, SmtpSink sink) throws Exception {
        SSLSocket tls = (SSLSocket) trusting(sink).getSocketFactory()
                .createSocket(plain, "localhost", sink.port(), true);
        tls.setUseClientMode(true);
        // Check the name too: the self-signed certificate must carry localhost in its SAN.
        javax.net.ssl.SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    static SSLContext trusting(SmtpSink sink) throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(sink.trustCertificatePem().getBytes(StandardCharsets.US_ASCII)));
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("sink", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
