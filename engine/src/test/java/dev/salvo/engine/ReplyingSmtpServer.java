package dev.salvo.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only SMTP server on 127.0.0.1 that answers RCPT with a scripted reply chosen by the local
 * part's prefix, for the first {@code times} attempts at each address, then accepts it. Lockstep (no
 * PIPELINING), one thread per connection; records every RCPT it sees.
 */
final class ReplyingSmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final Map<String, String> replies;
    private final int times;
    private final Map<String, AtomicInteger> refusedSoFar = new ConcurrentHashMap<>();
    final List<String> rcpts = new CopyOnWriteArrayList<>();
    final AtomicInteger messages = new AtomicInteger();

    /** @param replies local-part prefix → the full reply line, such as "550 Connection frequency limited" */
    ReplyingSmtpServer(Map<String, String> replies, int times) throws IOException {
        this.replies = Map.copyOf(replies);
        this.times = times;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "replying-smtp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long rcptsTo(String address) {
        return rcpts.stream().filter(address::equals).count();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> converse(s), "replying-smtp");
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
            send(out, "220 replying ESMTP");
            int accepted = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    send(out, "250-replying\r\n250 ENHANCEDSTATUSCODES");
                } else if (upper.startsWith("MAIL")) {
                    accepted = 0;
                    send(out, "250 2.1.0 ok");
                } else if (upper.startsWith("RCPT")) {
                    String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    rcpts.add(address);
                    String reply = replyFor(address);
                    accepted += reply.startsWith("250") ? 1 : 0;
                    send(out, reply);
                } else if (upper.startsWith("DATA")) {
                    if (accepted == 0) {
                        send(out, "554 5.5.1 no valid recipients");
                        continue;
                    }
                    send(out, "354 go ahead");
                    for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) {
                        // the message is not kept
                    }
                    messages.incrementAndGet();
                    send(out, "250 2.0.0 queued");
                } else if (upper.startsWith("RSET") || upper.startsWith("NOOP")) {
                    send(out, "250 2.0.0 ok");
                } else if (upper.startsWith("QUIT")) {
                    send(out, "221 2.0.0 bye");
                    return;
                } else {
                    send(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException closed) {
            // the client went away
        }
    }

    private String replyFor(String address) {
        String local = address.substring(0, address.indexOf('@'));
        for (Map.Entry<String, String> e : replies.entrySet()) {
            if (local.startsWith(e.getKey())
                    && refusedSoFar.computeIfAbsent(address, a -> new AtomicInteger()).getAndIncrement() < times) {
                return e.getValue();
            }
        }
        return "250 2.1.5 ok";
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
