package dev.salvo.smtp.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import javax.net.ssl.SSLException;

/** The sink's server TLS context and the certificate clients should trust. */
final class SinkTls {
    private final SslContext context;
    private final String certificatePem;

    private SinkTls(SslContext context, String certificatePem) {
        this.context = context;
        this.certificatePem = certificatePem;
    }

    /** Null when the config asks for no TLS. */
    static SinkTls create(SinkConfig config) throws IOException {
        switch (config.tls()) {
            case NONE:
                return null;
            case SELF_SIGNED:
                LocalhostCertificate generated = LocalhostCertificate.generate();
                return new SinkTls(
                        SslContextBuilder.forServer(generated.keyPair().getPrivate(), generated.certificate()).build(),
                        pem(generated));
            case PEM_FILES:
                try {
                    SslContext context = SslContextBuilder
                            .forServer(config.certificatePem().toFile(), config.privateKeyPem().toFile())
                            .build();
                    return new SinkTls(context, Files.readString(config.certificatePem(), StandardCharsets.US_ASCII));
                } catch (SSLException | IllegalArgumentException e) {
                    throw new IOException("cannot use certificate " + config.certificatePem()
                            + " with key " + config.privateKeyPem() + ": " + e.getMessage(), e);
                }
            default:
                throw new AssertionError(config.tls());
        }
    }

    /**
     * A handler for one connection. With {@code startTls} the first write (the 220 to STARTTLS)
     * still goes out in the clear, as RFC 3207 §4 needs.
     */
    SslHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
        return new SslHandler(context.newEngine(alloc), startTls);
    }

    String certificatePem() {
        return certificatePem;
    }

    private static String pem(LocalhostCertificate generated) {
        try {
            Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
            return "-----BEGIN CERTIFICATE-----\n"
                    + encoder.encodeToString(generated.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
