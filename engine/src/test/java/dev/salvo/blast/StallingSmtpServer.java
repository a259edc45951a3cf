package dev.salvo.blast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only SMTP server on 127.0.0.1 that answers everything at once, except the reply to one
 * message's end of data, which it holds back for {@code stallMillis}: the server-side hiccup a
 * load test must not hide. Offers PIPELINING only (no CHUNKING). One thread per connection.
 */
final class StallingSmtpServer implements AutoCloseable {
    final AtomicInteger messages = new AtomicInteger();
    private final int stallAtMessage;
    private final long stallMillis;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StallingSmtpServer(int stallAtMessage, long stallMillis) throws IOException {
        this.stallAtMessage = stallAtMessage;
        this.stallMillis = stallMillis;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "stalling-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String target() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                s.setSoTimeout(30_000); // a test that forgets us does not leave a thread behind for long
                sockets.add(s);
                Thread t = new Thread(() -> converse(s), "stalling-smtp-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = s.getOutputStream();
            reply(out, "220 stalling ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-stalling\r\n250 PIPELINING");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 ok");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                            // the message is thrown away
                        }
                        if (messages.incrementAndGet() == stallAtMessage) {
                            Thread.sleep(stallMillis); // the stall under test, not synchronisation
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "500 5.5.2 what?");
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client went away or the test is over
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
