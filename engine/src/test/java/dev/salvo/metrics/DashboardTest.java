package dev.salvo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Grafana dashboard and the Prometheus config must name only series a real scrape has. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DashboardTest {
    private static final Path CONFIG = Path.of("..", "config"); // surefire runs in engine/
    private static final Pattern METRIC = Pattern.compile("salvo_[a-z_]+");

    @Test
    void everyMetricTheDashboardQueriesAppearsInAScrape() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(CONFIG.resolve("grafana-dashboard.json").toFile());
        Set<String> used = new TreeSet<>();
        collectMetricNames(dashboard, used);

        Scrape scrape = new Scrape(sampleScrape());
        assertThat(used).contains("salvo_outcomes_total", "salvo_smtp_transaction_seconds_bucket",
                "salvo_throttle_wait_seconds_bucket", "salvo_queue_depth", "salvo_connections_open",
                "salvo_connections_busy", "salvo_site_ready", "salvo_site_scheduled", "salvo_site_backoff_state");
        assertThat(used).allSatisfy(name -> assertThat(scrape.hasName(name)).as(name + " in the scrape").isTrue());
    }

    @Test
    void theDashboardTakesItsDataSourceFromATemplateVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(CONFIG.resolve("grafana-dashboard.json").toFile());
        assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(10);
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                        .isEqualTo("${DS_PROMETHEUS}");
            }
        }
    }

    @Test
    void thePrometheusConfigScrapesTheDefaultPort() throws Exception {
        String config = Files.readString(CONFIG.resolve("prometheus.yml"));
        assertThat(config).contains("127.0.0.1:" + MetricsServer.DEFAULT_PORT).contains("metrics_path: /metrics");
    }

    /** Registers one value of every meter, as the engine would. */
    private static String sampleScrape() {
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.outcome("a.example", "delivered", "none");
        metrics.outcome("a.example", "bounced", "InvalidRecipient");
        metrics.transactionLatency("a.example", 30_000_000);
        metrics.throttleWait("a.example", 5_000_000);
        metrics.registerQueueDepth("ingest", () -> 1);
        metrics.registerQueueDepth("ready", () -> 2);
        metrics.registerQueueDepth("scheduled", () -> 3);
        metrics.registerSiteGauges("a.example", () -> 2, () -> 1, () -> 10, () -> 4, () -> 0);
        return metrics.scrape();
    }

    private static void collectMetricNames(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            Matcher m = METRIC.matcher(node.asText());
            while (m.find()) {
                into.add(m.group());
            }
        }
        node.forEach(child -> collectMetricNames(child, into));
    }
}
