package dev.salvo.cli;

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
 * Test-only plain SMTP responder on 127.0.0.1: offers PIPELINING only, refuses RCPT to local parts
 * starting with "bad" with 550 5.1.1 (and, when asked, defers others with 450 4.2.1), and accepts
 * every message. One thread per connection.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger messages = new AtomicInteger();
    /** When the server has taken this many messages it drops the connection instead of answering; 0 never. */
    volatile int dropAtMessage;
    /** RCPT to a local part starting with this gets 450 4.2.1 every time; null never. */
    volatile String tempfailPrefix;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedSmtpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "scripted-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String relay() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                s.setTcpNoDelay(true); // replies go one write each: Nagle would hold them for the client's delayed ACK
                sockets.add(s);
                Thread t = new Thread(() -> converse(s), "scripted-smtp-" + connections.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            reply(out, "220 scripted ESMTP");
            int accepted = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-scripted\r\n250 PIPELINING");
                    case "HELO", "NOOP" -> reply(out, "250 2.0.0 ok");
                    case "MAIL", "RSET" -> {
                        accepted = 0;
                        reply(out, "250 2.0.0 ok");
                    }
                    case "RCPT" -> {
                        boolean bad = line.toLowerCase().contains("<bad");
                        String busy = tempfailPrefix;
                        boolean tempfail = busy != null && line.toLowerCase().contains("<" + busy);
                        accepted += bad || tempfail ? 0 : 1;
                        reply(out, bad ? "550 5.1.1 no such user here" : tempfail ? "450 4.2.1 mailbox busy" : "250 2.1.5 ok");
                    }
                    case "DATA" -> {
                        if (accepted == 0) { // RFC 5321 §3.3: no valid recipients, no DATA
                            reply(out, "554 5.5.1 no valid recipients");
                            continue;
                        }
                        reply(out, "354 go ahead");
                        for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                            // the message itself is not checked here
                        }
                        if (messages.incrementAndGet() == dropAtMessage) {
                            return; // closes the socket with the end of data unanswered
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "500 5.5.1 unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to report in a test responder
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(5000);
    }
}
