package dev.salvo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetricsServerTest {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesTheScrapeOnLoopbackInThePrometheusTextFormat() throws Exception {
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.outcome("a.example", "delivered", "none");
        try (MetricsServer server = MetricsServer.start(LOOPBACK_ANY_PORT, metrics, null, false)) {
            HttpResponse<String> response = get(server, "/metrics", null);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(new Scrape(response.body()).value("salvo_outcomes_total", "site", "a.example")).hasValue(1);
        }
    }

    @Test
    void answersHealthAndRefusesOtherPathsAndMethods() throws Exception {
        try (MetricsServer server = MetricsServer.start(LOOPBACK_ANY_PORT, new SalvoMetrics(), "s3cret", false)) {
            HttpResponse<String> health = get(server, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");

            assertThat(get(server, "/metricsx", "s3cret").statusCode()).isEqualTo(404);
            assertThat(get(server, "/", null).statusCode()).isEqualTo(404);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void requiresTheBearerTokenWhenOneIsSet() throws Exception {
        try (MetricsServer server = MetricsServer.start(LOOPBACK_ANY_PORT, new SalvoMetrics(), "s3cret", false)) {
            HttpResponse<String> without = get(server, "/metrics", null);
            assertThat(without.statusCode()).isEqualTo(401);
            assertThat(without.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(get(server, "/metrics", "wrong").statusCode()).isEqualTo(401);
            assertThat(get(server, "/metrics", "s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesANonLoopbackBindUnlessRemoteIsAllowed() throws Exception {
        InetSocketAddress wildcard = new InetSocketAddress(0);
        assertThatThrownBy(() -> MetricsServer.start(wildcard, new SalvoMetrics(), null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not loopback");
        try (MetricsServer server = MetricsServer.start(wildcard, new SalvoMetrics(), "s3cret", true)) {
            assertThat(get(server, "/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAnEmptyToken() {
        assertThatThrownBy(() -> MetricsServer.start(LOOPBACK_ANY_PORT, new SalvoMetrics(), " ", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MetricsServer.TOKEN_ENV);
    }

    private HttpResponse<String> get(MetricsServer server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(MetricsServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
