package dev.salvo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Test-only plain SMTP responder on 127.0.0.1 whose answer to each RCPT the test scripts: it offers
 * the EHLO keywords it is given (PIPELINING or not), answers RCPT with the reply the test chooses for
 * the address, refuses DATA when no recipient was accepted, and accepts every message, unless told to
 * drop the connection at one message or to hold back one message's reply. Records every RCPT
 * address; one thread per connection. For the cases Salvo's own sink does not script.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger messages = new AtomicInteger();
    public final List<String> rcpts = new CopyOnWriteArrayList<>();
    /** When the server has taken this many messages it drops the connection instead of answering; 0 never. */
    public volatile int dropAtMessage;
    /**
     * When the server has taken this many messages it holds back the reply to that one's end of data
     * for {@link #stallMillis}: the server-side hiccup a load test must not hide; 0 never.
     */
    public volatile int stallAtMessage;
    public volatile long stallMillis;
    private final Function<String, String> rcptReply;
    private final String ehloReply;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param rcptReply the address of a RCPT (between the angle brackets) → the whole reply line, such
     *     as "250 2.1.5 ok" or "550 5.1.1 no such user here"; called on the connection's thread
     * @param ehloKeywords what EHLO offers, such as "PIPELINING"
     */
    public ScriptedSmtpServer(Function<String, String> rcptReply, String... ehloKeywords) throws IOException {
        this.rcptReply = rcptReply;
        this.ehloReply = ehloReply(ehloKeywords);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptAll, "scripted-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** host:port, as --relay takes it. */
    public String relay() {
        return "127.0.0.1:" + port();
    }

    public long rcptsTo(String address) {
        return rcpts.stream().filter(address::equals).count();
    }

    private static String ehloReply(String[] keywords) {
        StringBuilder reply = new StringBuilder("250");
        reply.append(keywords.length == 0 ? " " : "-").append("scripted");
        for (int i = 0; i < keywords.length; i++) {
            reply.append("\r\n250").append(i == keywords.length - 1 ? " " : "-").append(keywords[i]);
        }
        return reply.toString();
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
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, ehloReply);
                    case "HELO", "NOOP" -> reply(out, "250 2.0.0 ok");
                    case "MAIL", "RSET" -> {
                        accepted = 0;
                        reply(out, "250 2.0.0 ok");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        rcpts.add(address);
                        String reply = rcptReply.apply(address);
                        accepted += reply.startsWith("250") ? 1 : 0;
                        reply(out, reply);
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
                        int taken = messages.incrementAndGet();
                        if (taken == dropAtMessage) {
                            return; // closes the socket with the end of data unanswered
                        }
                        if (taken == stallAtMessage) {
                            Thread.sleep(stallMillis); // the stall under test, not synchronisation
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
        } catch (IOException | InterruptedException e) {
            // the client went away or the test is over; nothing to report in a test responder
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
