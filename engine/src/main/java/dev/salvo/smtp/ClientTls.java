package dev.salvo.smtp;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Client TLS: one {@link SslContext} per trust source (they are costly to build and safe to share),
 * and an {@link SslHandler} per connection that checks the certificate chain and the host name
 * (RFC 6125, the "HTTPS" endpoint identification) unless the user chose insecure trust.
 */
final class ClientTls {
    private static final ConcurrentHashMap<String, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    private ClientTls() {}

    static SslHandler newHandler(ByteBufAllocator alloc, ConnectionSettings settings) {
        SslContext ctx = context(settings.trust());
        SSLEngine engine = ctx.newEngine(alloc, settings.host(), settings.port());
        if (!settings.trust().trustAll()) {
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(settings.timeouts().starttls().toMillis());
        return handler;
    }

    /** Builds (once) the context for a trust source; a bad PEM file is the user's to fix, so the message says which. */
    static SslContext context(TrustSource trust) {
        return CONTEXTS.computeIfAbsent(trust.toString(), k -> build(trust));
    }

    private static SslContext build(TrustSource trust) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
            if (trust.trustAll()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                b.endpointIdentificationAlgorithm(null);
            } else if (trust.pemFile() != null) {
                try (InputStream in = Files.newInputStream(trust.pemFile())) {
                    b.trustManager(in);
                }
            }
            return b.build();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the trusted certificates in " + trust.pemFile()
                    + ": " + e.getMessage() + " (give a PEM file of CA or server certificates)", e);
        }
    }

    static String describe(SSLException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m;
    }
}
