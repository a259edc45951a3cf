package dev.salvo.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalvoMetricsTest {

    @Test
    void countsOutcomesBySiteOutcomeAndClass() {
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.outcome("gmail.com", "delivered", "none");
        metrics.outcome("gmail.com", "delivered", "none");
        metrics.outcome("gmail.com", "bounced", "InvalidRecipient");
        metrics.outcome("yahoo.com", "deferred", null);

        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.value("salvo_outcomes_total", "site", "gmail.com", "outcome", "delivered", "class", "none"))
                .hasValue(2);
        assertThat(scrape.value("salvo_outcomes_total", "site", "gmail.com", "outcome", "bounced",
                "class", "InvalidRecipient")).hasValue(1);
        assertThat(scrape.value("salvo_outcomes_total", "site", "yahoo.com", "outcome", "deferred", "class", "none"))
                .hasValue(1);
        assertThat(scrape.count("salvo_outcomes_total")).isEqualTo(3);
    }

    @Test
    void theTwoHundredAndFirstSiteIsCountedAsOther() {
        SalvoMetrics metrics = new SalvoMetrics();
        for (int i = 1; i <= 200; i++) {
            metrics.outcome("site" + i + ".example", "delivered", "none");
        }
        metrics.outcome("site201.example", "delivered", "none");
        metrics.outcome("site202.example", "delivered", "none");
        metrics.outcome("site1.example", "delivered", "none");
        metrics.transactionLatency("site203.example", 1_000_000);
        metrics.outcome("other", "delivered", "none"); // a site with that very name joins the overflow

        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.count("salvo_outcomes_total")).isEqualTo(201);
        assertThat(scrape.value("salvo_outcomes_total", "site", "site200.example")).hasValue(1);
        assertThat(scrape.value("salvo_outcomes_total", "site", "site1.example")).hasValue(2);
        assertThat(scrape.count("salvo_outcomes_total", "site", "site201.example")).isZero();
        assertThat(scrape.value("salvo_outcomes_total", "site", "other", "outcome", "delivered", "class", "none"))
                .hasValue(3);
        assertThat(scrape.value("salvo_smtp_transaction_seconds_count", "site", "other")).hasValue(1);
    }

    @Test
    void bounceClassesPastTheCapAreCountedAsOther() {
        SalvoMetrics metrics = new SalvoMetrics(10, 4); // "none", "other" and two more
        metrics.outcome("a.example", "bounced", "InvalidRecipient");
        metrics.outcome("a.example", "bounced", "MailboxFull");
        metrics.outcome("a.example", "bounced", "SpamBlock");
        metrics.outcome("b.example", "bounced", "PolicyRelated");
        metrics.outcome("b.example", "bounced", "InvalidRecipient");

        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.value("salvo_outcomes_total", "site", "a.example", "class", "other")).hasValue(1);
        assertThat(scrape.value("salvo_outcomes_total", "site", "b.example", "class", "other")).hasValue(1);
        assertThat(scrape.value("salvo_outcomes_total", "site", "b.example", "class", "InvalidRecipient")).hasValue(1);
        assertThat(scrape.count("salvo_outcomes_total", "class", "SpamBlock")).isZero();
    }

    @Test
    void refusesAnUnknownOutcomeOrAnEmptySite() {
        SalvoMetrics metrics = new SalvoMetrics();
        assertThatThrownBy(() -> metrics.outcome("a.example", "lost", "none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lost");
        assertThatThrownBy(() -> metrics.outcome("", "delivered", "none"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomeAllocatesNothingForKnownKeysOrForSitesAndClassesPastTheCaps() {
        SalvoMetrics metrics = new SalvoMetrics(SalvoMetrics.DEFAULT_MAX_SITES, 4);
        String[] sites = new String[201];
        for (int i = 0; i < sites.length; i++) {
            sites[i] = "site" + i + ".example";
        }
        // The third class is past a cap of four ("none", "other" and two), so it is counted as "other".
        String[] classes = {"InvalidRecipient", "MailboxFull", "SpamBlock"};
        Runnable calls = () -> {
            for (int i = 0; i < 100_000; i++) {
                String site = sites[i % sites.length]; // the last one is past the cap
                metrics.outcome(site, (i & 1) == 0 ? "delivered" : "bounced", (i & 1) == 0 ? "none" : classes[i % 3]);
            }
        };
        for (int warm = 0; warm < 5; warm++) {
            calls.run(); // registers every counter and lets the JIT compile the path
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        calls.run();
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        // 100,000 calls; one allocation per call would be at least 1.6 MB.
        assertThat(allocated).isLessThan(16 * 1024);
        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.value("salvo_outcomes_total", "site", "other", "outcome", "delivered")).isPresent();
        assertThat(scrape.value("salvo_outcomes_total", "site", "site2.example", "class", "other")).isPresent();
    }

    @Test
    void timersPublishHistogramsInSeconds() {
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.transactionLatency("a.example", TimeUnit.MILLISECONDS.toNanos(250));
        metrics.transactionLatency("a.example", TimeUnit.MILLISECONDS.toNanos(750));
        metrics.throttleWait("a.example", TimeUnit.SECONDS.toNanos(2));

        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.value("salvo_smtp_transaction_seconds_count", "site", "a.example")).hasValue(2);
        assertThat(scrape.value("salvo_smtp_transaction_seconds_sum", "site", "a.example")).hasValue(1.0);
        assertThat(scrape.value("salvo_smtp_transaction_seconds_bucket", "site", "a.example", "le", "+Inf")).hasValue(2);
        assertThat(scrape.count("salvo_smtp_transaction_seconds_bucket", "site", "a.example")).isEqualTo(85);
        assertThat(scrape.value("salvo_throttle_wait_seconds_count", "site", "a.example")).hasValue(1);
        assertThat(scrape.count("salvo_throttle_wait_seconds_bucket", "site", "a.example")).isEqualTo(100);
    }

    @Test
    void gaugesReadLiveValuesAndSitesPastTheCapAddUpUnderOther() {
        SalvoMetrics metrics = new SalvoMetrics(1, 64);
        AtomicLong ingest = new AtomicLong(5);
        metrics.registerQueueDepth("ingest", ingest::get);
        AtomicInteger open = new AtomicInteger(3);
        metrics.registerSiteGauges("a.example", open::get, () -> 1, () -> 10, () -> 4, () -> 0);
        metrics.registerSiteGauges("b.example", () -> 2, () -> 2, () -> 7, () -> 0, () -> 1);
        metrics.registerSiteGauges("c.example", () -> 5, () -> 0, () -> 1, () -> 0, () -> 2);
        ingest.set(42);
        open.set(8);

        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.value("salvo_queue_depth", "queue", "ingest")).hasValue(42);
        assertThat(scrape.value("salvo_connections_open", "site", "a.example")).hasValue(8);
        assertThat(scrape.value("salvo_connections_busy", "site", "a.example")).hasValue(1);
        assertThat(scrape.value("salvo_site_ready", "site", "a.example")).hasValue(10);
        assertThat(scrape.value("salvo_site_scheduled", "site", "a.example")).hasValue(4);
        assertThat(scrape.value("salvo_site_backoff_state", "site", "a.example")).hasValue(0);
        assertThat(scrape.value("salvo_connections_open", "site", "other")).hasValue(7);
        assertThat(scrape.value("salvo_site_ready", "site", "other")).hasValue(8);
        assertThat(scrape.value("salvo_site_backoff_state", "site", "other")).hasValue(2);

        metrics.removeSiteGauges("a.example");
        metrics.removeSiteGauges("c.example");
        scrape = new Scrape(metrics.scrape());
        assertThat(scrape.count("salvo_connections_open", "site", "a.example")).isZero();
        assertThat(scrape.value("salvo_connections_open", "site", "other")).hasValue(2);
        assertThat(scrape.value("salvo_site_backoff_state", "site", "other")).hasValue(1);
    }

    @Test
    void registeringASiteAgainReplacesItsSuppliers() {
        SalvoMetrics metrics = new SalvoMetrics();
        metrics.registerSiteGauges("a.example", () -> 1, () -> 1, () -> 1, () -> 1, () -> 1);
        metrics.registerSiteGauges("a.example", () -> 2, () -> 2, () -> 2, () -> 2, () -> 2);
        assertThat(new Scrape(metrics.scrape()).value("salvo_connections_open", "site", "a.example")).hasValue(2);
    }
}
