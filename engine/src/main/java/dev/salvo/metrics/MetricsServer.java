package dev.salvo.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /health}.
 *
 * <p>It binds a loopback address unless the caller says {@code allowRemote}: metrics name the
 * domains a sender mails, which is not for the world to read. When a bearer token is set (by
 * convention from {@value #TOKEN_ENV}), /metrics answers 401 without it. /health needs no token, so
 * a liveness probe carries no credential; it reveals nothing but "ok".
 *
 * <p>Requests run on the server's own two daemon threads, never on an event loop: a scrape walks
 * every meter and may take milliseconds.
 */
public final class MetricsServer implements AutoCloseable {
    /** The port config/prometheus.yml scrapes. */
    public static final int DEFAULT_PORT = 9465;
    /** The environment variable that by convention holds the bearer token. */
    public static final String TOKEN_ENV = "SALVO_METRICS_TOKEN";

    /**
     * PrometheusTextFormatWriter.CONTENT_TYPE, which {@link SalvoMetrics#scrape()} writes; that class
     * is only on the runtime class path (prometheus-metrics-exposition-textformats).
     */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts the server.
     *
     * @param address     where to listen; port 0 picks a free port (see {@link #port()})
     * @param bearerToken the token /metrics requires, or null for none; an empty token is refused
     * @param allowRemote whether a non-loopback address (including the wildcard) may be bound
     * @throws IllegalArgumentException for a non-loopback address without allowRemote, or an empty token
     * @throws UncheckedIOException     when the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, SalvoMetrics metrics, String bearerToken,
                                      boolean allowRemote) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(metrics, "metrics");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("metrics address " + address.getHostString() + " does not resolve");
        }
        if (!allowRemote && !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("metrics address " + address.getAddress().getHostAddress()
                    + " is not loopback; bind 127.0.0.1, or allow remote scrapes explicitly (and set "
                    + TOKEN_ENV + ")");
        }
        if (bearerToken != null && bearerToken.isBlank()) {
            throw new IllegalArgumentException("the metrics bearer token is empty; unset " + TOKEN_ENV
                    + " to serve without one");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics server to " + address, e);
        }
        int id = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
            Thread t = new Thread(task, "salvo-metrics-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        byte[] expected = bearerToken == null ? null
                : ("Bearer " + bearerToken).getBytes(StandardCharsets.UTF_8);
        server.createContext("/metrics", exchange -> handle(exchange, "/metrics", () -> {
            if (expected != null && !authorized(exchange, expected)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"salvo\"");
                respond(exchange, 401, "text/plain; charset=utf-8", "bearer token required\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            metrics.scrape(body);
            respond(exchange, 200, CONTENT_TYPE, body.toByteArray());
        }));
        server.createContext("/health", exchange -> handle(exchange, "/health",
                () -> respond(exchange, 200, "text/plain; charset=utf-8", OK)));
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    /** Reads the bearer token from {@value #TOKEN_ENV}; null when it is unset. */
    public static String tokenFromEnvironment() {
        return System.getenv(TOKEN_ENV);
    }

    /** The bound port, useful after binding port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets a request in progress finish for up to a second, and ends the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private interface Responder {
        void run() throws IOException;
    }

    /** The JDK routes by path prefix; only the exact path and GET or HEAD are served. */
    private static void handle(HttpExchange exchange, String path, Responder responder) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            responder.run();
        }
    }

    /** Compares in constant time, so response timing does not reveal how much of a guess was right. */
    private static boolean authorized(HttpExchange exchange, byte[] expected) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        // -1: no body. HEAD announces no length here; the JDK server forbids a body with HEAD.
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
