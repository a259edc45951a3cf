package dev.salvo.engine;

import static dev.salvo.testing.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.config.SalvoConfig;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import dev.salvo.spool.ContentId;
import dev.salvo.spool.Durability;
import dev.salvo.spool.RecipientKey;
import dev.salvo.spool.Spool;
import dev.salvo.spool.SpoolStats;
import dev.salvo.spool.SpoolUnavailableException;
import dev.salvo.spool.SpooledRecipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine with a real RocksDB spool: durable before acknowledged, state kept as it changes, resumed at start. */
@Timeout(60)
class EngineSpoolTest {
    private static final byte[] MESSAGE = ("From: news@salvo.test\r\nSubject: spool test\r\nMessage-ID: <s1@salvo.test>\r\n\r\n"
            + "hello\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final EmailAddress FROM = EmailAddress.parse("news@salvo.test");

    @TempDir
    Path dir;

    private static SalvoConfig config(int port) {
        return ConfigLoader.parse("""
                ehlo: engine.test
                defaults:
                  max_connections: 2
                  max_recipients_per_transaction: 10
                routes:
                  - domains: ["*"]
                    mx: {}
                retry:
                  initial: 5m
                  factor: 2
                  max_interval: 1h
                  jitter: 0
                  max_age: 1d
                test_mode:
                  mx_override:
                    "*": "127.0.0.1:%d"
                """.formatted(port), "test.yaml");
    }

    private static List<EmailAddress> addresses(String prefix, int n) {
        List<EmailAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(EmailAddress.parse(prefix + i + "@d" + (i % 3) + ".test"));
        }
        return out;
    }

    @Test
    void nothingIsCountedOrSentBeforeTheSpoolWriteIsDurable() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            HeldSpool held = new HeldSpool(Spool.open(dir.resolve("spool"), Durability.SYNC));
            MessageContent content = MessageContent.of(MESSAGE);
            try (SalvoEngine engine = SalvoEngine.start(EngineOptions.of(config(sink.port())).withSpool(held))) {
                SubmitResult r = engine.submit(new Submission(FROM, addresses("user", 5), content));
                assertThat(r.status()).isEqualTo(SubmitResult.Status.ACCEPTED);
                Thread.sleep(300);
                assertThat(r.stored().toCompletableFuture()).isNotDone();
                assertThat(engine.stats().accepted()).isZero();
                assertThat(sink.stats().recipientsAccepted()).isZero();
                held.release();
                r.stored().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(engine.stats().accepted()).isEqualTo(5);
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                assertThat(sink.stats().recipientsAccepted()).isEqualTo(5);
                // Final without an events file: forgotten once the listeners ran.
                waitFor(() -> held.stats().pendingRecipients() == 0);
            } finally {
                content.release();
            }
        }
    }

    @Test
    void deferralsAreKeptAndResumedOnTheirScheduleAfterARestart() throws Exception {
        Path spoolDir = dir.resolve("spool");
        Path events = dir.resolve("events.jsonl");
        AtomicLong now = new AtomicLong();
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            MessageContent content = MessageContent.of(MESSAGE);
            List<EmailAddress> rcpts = new ArrayList<>(addresses("ok", 4));
            rcpts.addAll(addresses("bounce-soft-", 3));
            EngineOptions o = EngineOptions.of(config(sink.port())).withClocks(now::get, Clock.systemUTC()).withEvents(events)
                    .withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                SubmitResult r = engine.submit(new Submission(FROM, rcpts, content, "camp-1", DsnOptions.NONE));
                r.stored().toCompletableFuture().get(10, TimeUnit.SECONDS);
                waitFor(() -> engine.stats().delivered() == 4 && engine.stats().deferred() == 3 && engine.stats().inFlight() == 0);
            } finally {
                content.release();
            }
        }
        // After the close: the four delivered are gone (their events were written first), the three deferred are
        // kept with their attempt and next attempt (5 minutes on).
        Map<RecipientKey, SpooledRecipient> kept = scan(spoolDir);
        assertThat(kept).hasSize(3);
        long before = System.currentTimeMillis();
        for (SpooledRecipient s : kept.values()) {
            assertThat(s.addressText()).startsWith("bounce-soft-");
            assertThat(s.state()).isEqualTo(SpooledRecipient.State.DEFERRED);
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.lastCode()).isEqualTo(450);
            assertThat(s.nextAttempt() - before).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(6).toMillis());
        }
        assertThat(lines(events, "\"delivered\"")).isEqualTo(4);

        // A second process: a server that now takes them. They wait for their next attempt, then go.
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().tempfailPrefix("never-").build())) {
            AtomicLong later = new AtomicLong();
            EngineOptions o = EngineOptions.of(config(sink.port())).withClocks(later::get, Clock.systemUTC()).withEvents(events)
                    .withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                assertThat(engine.recovery().recipients()).isEqualTo(3);
                assertThat(engine.recovery().possibleDuplicates()).isZero();
                assertThat(engine.stats().accepted()).isEqualTo(3);
                Thread.sleep(300);
                assertThat(sink.stats().recipientsAccepted()).as("not before their next attempt").isZero();
                later.set(Duration.ofMinutes(6).toNanos());
                engine.wake();
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                assertThat(engine.stats().delivered()).isEqualTo(3);
                assertThat(sink.stats().recipientsAccepted()).isEqualTo(3);
                assertThat(sink.received()).allSatisfy(m -> assertThat(m.mailFrom()).isEqualTo("news@salvo.test"));
            }
        }
        assertThat(scan(spoolDir)).isEmpty();
        assertThat(lines(events, "\"delivered\"")).as("the events file is appended to, not replaced").isEqualTo(7);
    }

    @Test
    void aRecipientFoundInFlightIsSentAgainAndReportedAsAPossibleDuplicate() throws Exception {
        Path spoolDir = dir.resolve("spool");
        ContentId id = ContentId.next();
        try (Spool spool = Spool.open(spoolDir, Durability.SYNC)) {
            byte[] record = new SpooledEnvelope(FROM, "c", DsnOptions.NONE, MESSAGE).encode();
            long t = System.currentTimeMillis();
            spool.putMessage(id, record, List.of(SpooledRecipient.queued("a@x.test".getBytes(StandardCharsets.UTF_8), t),
                    SpooledRecipient.queued("b@x.test".getBytes(StandardCharsets.UTF_8), t).sending(1, 0))).join();
        }
        Path events = dir.resolve("events.jsonl");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10).build())) {
            EngineOptions o = EngineOptions.of(config(sink.port())).withEvents(events).withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (SalvoEngine engine = SalvoEngine.start(o)) {
                assertThat(engine.recovery()).isEqualTo(new dev.salvo.api.Recovery(2, 1));
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                assertThat(engine.stats().delivered()).isEqualTo(2);
            }
            assertThat(sink.received()).flatExtracting(m -> m.recipients()).containsExactlyInAnyOrder("a@x.test", "b@x.test");
        }
        List<String> deferred = Files.readAllLines(events).stream().filter(l -> l.contains("\"deferred\"")).toList();
        assertThat(deferred).singleElement().asString().contains("b@x.test").contains("may arrive twice");
        assertThat(scan(spoolDir)).isEmpty();
    }

    @Test
    void anUnhealthySpoolAnswersUnavailableWhileWhatWasAcceptedIsStillDelivered() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().latencyMs(200).build())) {
            FailingSpool failing = new FailingSpool(Spool.open(dir.resolve("spool"), Durability.SYNC));
            MessageContent content = MessageContent.of(MESSAGE);
            try (SalvoEngine engine = SalvoEngine.start(EngineOptions.of(config(sink.port())).withSpool(failing))) {
                SubmitResult first = engine.submit(new Submission(FROM, addresses("user", 3), content));
                first.stored().toCompletableFuture().get(10, TimeUnit.SECONDS);
                // The disk "fills" while the first submission is on its way to the server.
                failing.fail.set(true);
                SubmitResult refused = engine.submit(new Submission(FROM, addresses("late", 2), content));
                assertThat(refused.status()).isEqualTo(SubmitResult.Status.UNAVAILABLE);
                assertThat(refused.reason()).contains("is full");
                assertThat(refused.temporary()).isTrue();
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                assertThat(engine.stats().delivered()).isEqualTo(3);
                assertThat(engine.stats().accepted()).isEqualTo(3);
            } finally {
                content.release();
            }
            assertThat(sink.stats().recipientsAccepted()).isEqualTo(3);
        }
    }

    @Test
    void aFailedSpoolWriteMeansTheSubmissionWasNotTaken() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            FailingSpool failing = new FailingSpool(Spool.open(dir.resolve("spool"), Durability.SYNC));
            failing.failWritesOnly.set(true); // still "healthy": the write itself fails
            MessageContent content = MessageContent.of(MESSAGE);
            try (SalvoEngine engine = SalvoEngine.start(EngineOptions.of(config(sink.port())).withSpool(failing))) {
                SubmitResult r = engine.submit(new Submission(FROM, addresses("user", 4), content));
                assertThat(r.status()).isEqualTo(SubmitResult.Status.ACCEPTED);
                assertThat(r.stored().toCompletableFuture()).failsWithin(Duration.ofSeconds(10))
                        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(SpoolUnavailableException.class);
                Thread.sleep(200);
                assertThat(engine.stats().accepted()).isZero();
                assertThat(engine.awaitFinished(Duration.ofSeconds(1))).isTrue();
            } finally {
                assertThat(content.refCnt()).as("the engine gave its reference back").isEqualTo(1);
                content.release();
            }
            assertThat(sink.stats().recipientsAccepted()).isZero();
        }
    }

    @Test
    void resumedRowsGoOutWithTheReturnPathTheInjectorGaveThem() throws Exception {
        // A VERP campaign signs a return path per recipient; after a restart the row must carry the same one,
        // or a late bounce for it could not be matched by its token.
        Path spoolDir = dir.resolve("spool-verp");
        AtomicLong now = new AtomicLong();
        int rows = 5;
        java.util.function.IntFunction<EmailAddress> verp = row -> EmailAddress.parse("bounces+row" + row + "@bounce.x.test");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            EngineOptions o = EngineOptions.of(config(sink.port())).withClocks(now::get, Clock.systemUTC())
                    .withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                engine.openCampaign("v1", FROM, DsnOptions.NONE, new byte[] {1});
                List<CompletableFuture<Void>> stored = new ArrayList<>();
                for (int row = 1; row <= rows; row++) {
                    MessageContent m = MessageContent.of(message(row));
                    SubmitResult r = engine.submit(new dev.salvo.api.CampaignRow("v1", EmailAddress.parse("bounce-soft-" + row + "@x.test"), m,
                            new byte[0], row), verp.apply(row), DsnOptions.NONE);
                    m.release();
                    stored.add(r.stored().toCompletableFuture());
                }
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                waitFor(() -> engine.stats().deferred() == rows && engine.stats().inFlight() == 0);
            }
        }
        List<String> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.salvo.smtp.server.InboundHandler record = new dev.salvo.smtp.server.InboundHandler() {
            @Override
            public String refuseRecipient(String address) {
                return null;
            }

            @Override
            public void deliver(dev.salvo.smtp.server.ReceivedMessage message) {
                senders.add(message.mailFrom() + " " + message.recipients().get(0));
            }
        };
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().tempfailPrefix("never-").build(), record)) {
            AtomicLong later = new AtomicLong();
            EngineOptions o = EngineOptions.of(config(sink.port())).withClocks(later::get, Clock.systemUTC())
                    .withSpool(Spool.open(spoolDir, Durability.SYNC))
                    .withRenderers(id -> id.equals("v1") ? new dev.salvo.api.CampaignRenderer() {
                        @Override
                        public MessageContent render(byte[] template, EmailAddress to, byte[] fields, int row) {
                            return MessageContent.of(message(row));
                        }

                        @Override
                        public EmailAddress returnPath(EmailAddress campaignSender, EmailAddress to, int row) {
                            return verp.apply(row);
                        }
                    } : null);
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                later.set(Duration.ofMinutes(6).toNanos());
                engine.wake();
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                engine.closeCampaign("v1");
            }
        }
        assertThat(senders).hasSize(rows).contains("bounces+row3@bounce.x.test bounce-soft-3@x.test");
        assertThat(senders).allSatisfy(line -> assertThat(line).startsWith("bounces+row"));
    }

    @Test
    void aCampaignStoresItsTemplateOnceAndItsRowsAsFieldsThatRenderAgainAfterARestart() throws Exception {
        Path spoolDir = dir.resolve("spool");
        AtomicLong now = new AtomicLong();
        byte[] template = "the template record".getBytes(StandardCharsets.US_ASCII);
        int rows = 50;
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            EngineOptions o = EngineOptions.of(config(sink.port())).withClocks(now::get, Clock.systemUTC())
                    .withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                assertThat(engine.openCampaign("c7", FROM, DsnOptions.NONE, template).rowsDone()).isZero();
                List<CompletableFuture<Void>> stored = new ArrayList<>();
                for (int row = 1; row <= rows; row++) {
                    MessageContent m = MessageContent.of(message(row));
                    SubmitResult r = engine.submit(new dev.salvo.api.CampaignRow("c7", EmailAddress.parse("bounce-soft-" + row + "@x.test"), m,
                            ("fields of " + row).getBytes(StandardCharsets.US_ASCII), row), FROM, DsnOptions.NONE);
                    m.release();
                    stored.add(r.stored().toCompletableFuture());
                }
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
                assertThat(engine.campaignRowsDone("c7")).isEqualTo(rows);
                waitFor(() -> engine.stats().deferred() == rows && engine.stats().inFlight() == 0);
            }
        }
        // One content (the template record), fifty compact recipient records carrying their fields.
        List<byte[]> contents = new ArrayList<>();
        Map<RecipientKey, SpooledRecipient> kept = new LinkedHashMap<>();
        try (Spool s = Spool.open(spoolDir, Durability.SYNC)) {
            s.scan((id, bytes) -> contents.add(bytes), kept::put);
            assertThat(s.stats().pendingByContent()).hasSize(1).containsValue(rows);
        }
        assertThat(contents).singleElement().satisfies(c -> assertThat(SpooledEnvelope.decode(c).message()).isEqualTo(template));
        assertThat(kept).hasSize(rows);
        assertThat(kept.keySet()).extracting(RecipientKey::sequence).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, rows).boxed().toList());
        assertThat(kept.values()).allSatisfy(r -> assertThat(r.state()).isEqualTo(SpooledRecipient.State.DEFERRED));
        assertThat(new String(kept.values().iterator().next().fields(), StandardCharsets.US_ASCII)).isEqualTo("fields of 1");

        // Without a renderer for the campaign, its recipients stay in the spool, untouched.
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().tempfailPrefix("never-").build())) {
            EngineOptions o = EngineOptions.of(config(sink.port())).withSpool(Spool.open(spoolDir, Durability.SYNC));
            try (SalvoEngine engine = SalvoEngine.start(o)) {
                assertThat(engine.recovery().recipients()).isZero();
                assertThat(engine.stats().accepted()).isZero();
            }
            assertThat(scan(spoolDir)).hasSize(rows);
            // With one, each is rendered again from the template record, its fields and its row; then delivered.
            Map<Integer, String> calls = new java.util.concurrent.ConcurrentHashMap<>();
            AtomicLong later = new AtomicLong();
            o = EngineOptions.of(config(sink.port())).withClocks(later::get, Clock.systemUTC()).withSpool(Spool.open(spoolDir, Durability.SYNC))
                    .withRenderers(id -> id.equals("c7") ? (rec, to, fields, row) -> {
                        assertThat(rec).isEqualTo(template);
                        calls.put(row, to.address() + " " + new String(fields, StandardCharsets.US_ASCII));
                        return MessageContent.of(message(row));
                    } : null);
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                assertThat(engine.recovery().recipients()).isEqualTo(rows);
                later.set(Duration.ofMinutes(6).toNanos()); // past their next attempt
                engine.wake();
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
                assertThat(engine.stats().delivered()).isEqualTo(rows);
                engine.closeCampaign("c7");
            }
            assertThat(calls).hasSize(rows).containsEntry(7, "bounce-soft-7@x.test fields of 7");
            assertThat(sink.stats().recipientsAccepted()).isEqualTo(rows);
        }
        List<byte[]> left = new ArrayList<>();
        try (Spool s = Spool.open(spoolDir, Durability.SYNC)) {
            s.scan((id, bytes) -> left.add(bytes), (k, r) -> left.add(r.address()));
            assertThat(s.campaignRows("c7")).as("the row count outlives the campaign").isEqualTo(rows);
        }
        assertThat(left).as("closed and finished: nothing kept, not even the template").isEmpty();
    }

    private static byte[] message(int row) {
        return ("From: news@salvo.test\r\nSubject: row " + row + "\r\nMessage-ID: <r" + row + "@salvo.test>\r\n\r\nhi\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aSpoolThatCannotBeReadBackRefusesTheStartAndKeepsItsRecords() throws Exception {
        Path spoolDir = dir.resolve("spool");
        try (Spool spool = Spool.open(spoolDir, Durability.SYNC)) {
            // A recipient whose content is not there: damage, not something to drop quietly.
            spool.putRecipients(ContentId.next(), List.of(SpooledRecipient.queued("a@x.test".getBytes(StandardCharsets.UTF_8), 1))).join();
        }
        EngineOptions o = EngineOptions.of(config(2525)).withSpool(Spool.open(spoolDir, Durability.SYNC));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SalvoEngine.start(o))
                .isInstanceOf(dev.salvo.spool.SpoolCorruptException.class)
                .hasMessageContaining("but not the content").hasMessageContaining("docs/spool.md");
        assertThat(scan(spoolDir)).as("the spool was closed and nothing was removed").hasSize(1);
    }

    private Map<RecipientKey, SpooledRecipient> scan(Path spoolDir) {
        Map<RecipientKey, SpooledRecipient> out = new LinkedHashMap<>();
        try (Spool s = Spool.open(spoolDir, Durability.SYNC)) {
            s.scan((id, bytes) -> { }, out::put);
        }
        return out;
    }

    private static long lines(Path file, String containing) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> l.contains(containing)).count();
    }


    /** A spool decorator: every write goes through to the real one; subclasses change when or whether it completes. */
    private static class Decorated implements Spool {
        final Spool real;

        Decorated(Spool real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<Void> putContent(ContentId id, byte[] message) {
            return real.putContent(id, message);
        }

        @Override
        public CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients) {
            return real.putRecipients(id, firstSequence, recipients);
        }

        @Override
        public CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients) {
            return real.putMessage(id, record, recipients);
        }

        @Override
        public CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients, String campaign,
                long rowsDone) {
            return real.putMessage(id, record, recipients, campaign, rowsDone);
        }

        @Override
        public long campaignRows(String campaign) {
            return real.campaignRows(campaign);
        }

        @Override
        public CompletableFuture<Void> openCampaign(String campaign, ContentId template, byte[] record) {
            return real.openCampaign(campaign, template, record);
        }

        @Override
        public ContentId campaignContent(String campaign) {
            return real.campaignContent(campaign);
        }

        @Override
        public CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients, String campaign,
                long rowsDone) {
            return real.putRecipients(id, firstSequence, recipients, campaign, rowsDone);
        }

        @Override
        public CompletableFuture<Void> closeCampaign(String campaign) {
            return real.closeCampaign(campaign);
        }

        @Override
        public CompletableFuture<Void> forgetCampaign(String campaign) {
            return real.forgetCampaign(campaign);
        }

        @Override
        public CompletableFuture<Void> updateRecipient(RecipientKey key, SpooledRecipient recipient) {
            return real.updateRecipient(key, recipient);
        }

        @Override
        public CompletableFuture<Void> removeRecipient(RecipientKey key) {
            return real.removeRecipient(key);
        }

        @Override
        public CompletableFuture<Void> purgeContent(ContentId id) {
            return real.purgeContent(id);
        }

        @Override
        public void scan(BiConsumer<ContentId, byte[]> contents, BiConsumer<RecipientKey, SpooledRecipient> recipients) {
            real.scan(contents, recipients);
        }

        @Override
        public SpoolStats stats() {
            return real.stats();
        }

        @Override
        public boolean healthy() {
            return real.healthy();
        }

        @Override
        public String health() {
            return real.health();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** Holds each submission's acknowledgement until released, as a slow disk would. */
    private static final class HeldSpool extends Decorated {
        private final CompletableFuture<Void> gate = new CompletableFuture<>();

        HeldSpool(Spool real) {
            super(real);
        }

        void release() {
            gate.complete(null);
        }

        @Override
        public CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients) {
            return real.putMessage(id, record, recipients).thenCombine(gate, (a, b) -> null);
        }
    }

    /**
     * A disk that fills: writes fail as RocksSpool's do on ENOSPC. The store's own disk-full path is
     * tested on a real full filesystem in SpoolHealthTest; here the engine's answer to it is.
     */
    private static final class FailingSpool extends Decorated {
        final AtomicBoolean fail = new AtomicBoolean();
        final AtomicBoolean failWritesOnly = new AtomicBoolean();
        private static final String WHY = "the disk holding the spool is full (test). Free space on that filesystem, then restart Salvo";

        FailingSpool(Spool real) {
            super(real);
        }

        private boolean failing() {
            return fail.get() || failWritesOnly.get();
        }

        private static CompletableFuture<Void> failed() {
            return CompletableFuture.failedFuture(new SpoolUnavailableException(WHY, null));
        }

        @Override
        public CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients) {
            return failing() ? failed() : super.putMessage(id, record, recipients);
        }

        @Override
        public CompletableFuture<Void> updateRecipient(RecipientKey key, SpooledRecipient recipient) {
            return failing() ? failed() : super.updateRecipient(key, recipient);
        }

        @Override
        public CompletableFuture<Void> removeRecipient(RecipientKey key) {
            return failing() ? failed() : super.removeRecipient(key);
        }

        @Override
        public boolean healthy() {
            return !fail.get() && super.healthy();
        }

        @Override
        public String health() {
            return fail.get() ? WHY : super.health();
        }
    }
}
