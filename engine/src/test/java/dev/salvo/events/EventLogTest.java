package dev.salvo.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.events.DeliveryEvent.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EventLogTest {
    @TempDir
    Path dir;

    @Test
    void writesOneLinePerEventWithEveryFieldInOrder() throws Exception {
        Path file = dir.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file)) {
            log.append(new DeliveryEvent(Instant.parse("2026-03-01T10:15:30Z"), Outcome.BOUNCED, "abc@example.com",
                    "bad@example.com", "127.0.0.1:2525", 1, 550, "5.1.1", "no such user", null, "invalid-recipient"));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).containsExactly("{\"ts\":\"2026-03-01T10:15:30.000Z\",\"event\":\"bounced\","
                + "\"message_id\":\"abc@example.com\",\"recipient\":\"bad@example.com\",\"destination\":\"127.0.0.1:2525\","
                + "\"attempt\":1,\"code\":550,\"enhanced\":\"5.1.1\",\"response\":\"no such user\",\"tls\":null,"
                + "\"class\":\"invalid-recipient\"}");
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndKeepsUnicode() throws Exception {
        String response = "say \"hi\"\\ then\r\nnext line\ttab \u0001 \u001f caf\u00e9 \u2603 \ud83d\udce8 \u2028";
        Path file = dir.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file)) {
            log.append(new DeliveryEvent(Instant.parse("2026-03-01T10:15:30.123456Z"), Outcome.DEFERRED, null,
                    "j\u00fcrgen@b\u00fccher.example", "[::1]:25", 1, 451, null, response, "TLSv1.3"));
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").containsOnlyOnce("\n");
        assertThat(text).contains("\\\"hi\\\"\\\\", "\\r\\n", "\\t", "\\u0001", "\\u001f", "\\u2028", "caf\u00e9");

        Map<String, Object> event = FlatJson.parse(text.strip());
        assertThat(event.keySet()).containsExactly("ts", "event", "message_id", "recipient", "destination", "attempt",
                "code", "enhanced", "response", "tls", "class");
        assertThat(event.get("ts")).isEqualTo("2026-03-01T10:15:30.123Z");
        assertThat(event.get("event")).isEqualTo("deferred");
        assertThat(event.get("message_id")).isNull();
        assertThat(event.get("recipient")).isEqualTo("j\u00fcrgen@b\u00fccher.example");
        assertThat(event.get("code")).isEqualTo(451L);
        assertThat(event.get("enhanced")).isNull();
        assertThat(event.get("response")).isEqualTo(response);
        assertThat(event.get("tls")).isEqualTo("TLSv1.3");
    }

    @Test
    void closeWritesEverythingFromManyThreadsInSpiteOfASmallQueue() throws Exception {
        Path file = dir.resolve("many.jsonl");
        int perThread = EventLog.QUEUE_CAPACITY; // more than fits: producers must wait for the writer
        List<Thread> producers = new ArrayList<>();
        try (EventLog log = EventLog.open(file)) {
            for (int t = 0; t < 3; t++) {
                int id = t;
                Thread p = new Thread(() -> {
                    for (int n = 0; n < perThread; n++) {
                        log.append(new DeliveryEvent(Instant.EPOCH, Outcome.DELIVERED, null, "r" + id + "-" + n + "@example.com",
                                "relay:25", 1, 250, "2.0.0", "ok", null));
                    }
                });
                p.start();
                producers.add(p);
            }
            for (Thread p : producers) {
                p.join();
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(3 * perThread);
        assertThat(lines).allSatisfy(l -> assertThat(FlatJson.parse(l)).containsEntry("event", "delivered"));
    }
}
