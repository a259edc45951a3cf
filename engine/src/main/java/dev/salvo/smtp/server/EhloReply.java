package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The EHLO reply for each combination of "TLS may still be started" and "AUTH may be offered",
 * built once per sink (SIZE and the host name come from its config) and shared.
 */
final class EhloReply {
    private final ByteBuf[] variants = new ByteBuf[4];
    private final ByteBuf helo;
    private final ByteBuf greeting;

    EhloReply(SinkConfig config) {
        for (int i = 0; i < variants.length; i++) {
            variants[i] = build(config, (i & 1) != 0, (i & 2) != 0);
        }
        helo = Replies.collectable("250 " + config.hostname());
        greeting = Replies.collectable("220 " + config.hostname() + " ESMTP Salvo sink");
    }

    ByteBuf ehlo(boolean offerStartTls, boolean offerAuth) {
        return variants[(offerStartTls ? 1 : 0) | (offerAuth ? 2 : 0)].duplicate();
    }

    ByteBuf helo() {
        return helo.duplicate();
    }

    ByteBuf greeting() {
        return greeting.duplicate();
    }

    private static ByteBuf build(SinkConfig config, boolean startTls, boolean auth) {
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname() + " greets you");
        lines.add("PIPELINING");
        lines.add("SIZE " + config.maxSize());
        lines.add("8BITMIME");
        lines.add("SMTPUTF8");
        lines.add("CHUNKING");
        lines.add("BINARYMIME");
        lines.add("ENHANCEDSTATUSCODES");
        lines.add("DSN");
        if (startTls) {
            lines.add("STARTTLS");
        }
        if (auth) {
            lines.add("AUTH PLAIN LOGIN");
        }
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            // RFC 5321 §4.2.1: "250-" on every line but the last, which has "250 ".
            reply.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            if (i < lines.size() - 1) {
                reply.append("\r\n");
            }
        }
        return Replies.collectable(reply.toString());
    }
}
