package dev.salvo.blast;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The report as one JSON object (RFC 8259). The schema is stable: keys are only ever added, and
 * it is documented in docs/blast.md. Times in milliseconds, rates per second.
 *
 * <pre>
 * {"schema":"salvo-blast/1","target":"host:port","started":"2026-01-01T00:00:00Z","duration_s":1.0,
 *  "connections":10,"rate_target":0,
 *  "messages":{"sent":n,"delivered":n,"deferred":n,"bounced":n},"bytes_sent":n,
 *  "throughput_msgs_per_s":x,"throughput_mb_per_s":x,
 *  "latency_ms":{"total":{"p50":x,"p90":x,"p99":x,"p999":x,"max":x,"count":n},"connect":{..},"greeting":{..},
 *                "ehlo":{..},"starttls":{..},"auth":{..},"mail_to_data":{..},"end_of_data":{..}},
 *  "reply_codes":{"250":n},
 *  "errors":{"deferred":{"421":n},"bounced":{"550":n},"session":{"connect_failed":n}},
 *  "timeline":[{"t":1.0,"msgs":n,"msgs_per_s":x,"p50_ms":x,"p99_ms":x,"errors":n}],
 *  "stopped_early":null}
 * </pre>
 */
final class JsonReport {
    private JsonReport() {}

    static String of(BlastSummary s) {
        StringBuilder j = new StringBuilder(4096);
        j.append("{\"schema\":\"salvo-blast/1\",\"target\":");
        string(j, s.target());
        j.append(",\"started\":");
        string(j, s.started().toString());
        j.append(",\"duration_s\":").append(num(s.seconds()));
        j.append(",\"connections\":").append(s.connections());
        j.append(",\"rate_target\":").append(num(s.rateTarget()));
        j.append(",\"messages\":{\"sent\":").append(s.sent()).append(",\"delivered\":").append(s.delivered())
                .append(",\"deferred\":").append(s.deferred()).append(",\"bounced\":").append(s.bounced()).append('}');
        j.append(",\"bytes_sent\":").append(s.bytes());
        j.append(",\"throughput_msgs_per_s\":").append(num(s.messagesPerSecond()));
        j.append(",\"throughput_mb_per_s\":").append(num(s.megabytesPerSecond()));
        j.append(",\"latency_ms\":{");
        boolean first = true;
        for (Map.Entry<String, Histogram> e : s.phases().entrySet()) {
            Histogram h = e.getValue();
            j.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{\"p50\":")
                    .append(num(PhaseMeter.millis(h, 50))).append(",\"p90\":").append(num(PhaseMeter.millis(h, 90)))
                    .append(",\"p99\":").append(num(PhaseMeter.millis(h, 99))).append(",\"p999\":")
                    .append(num(PhaseMeter.millis(h, 99.9))).append(",\"max\":").append(num(PhaseMeter.maxMillis(h)))
                    .append(",\"count\":").append(h.getTotalCount()).append('}');
            first = false;
        }
        j.append("},\"reply_codes\":");
        counts(j, s.replyCodes());
        j.append(",\"errors\":{\"deferred\":");
        counts(j, s.deferredByCode());
        j.append(",\"bounced\":");
        counts(j, s.bouncedByCode());
        j.append(",\"session\":");
        counts(j, s.sessionFailures());
        j.append("},\"timeline\":[");
        first = true;
        for (Timeline.Row r : s.timeline()) {
            j.append(first ? "" : ",").append("{\"t\":").append(num(r.t())).append(",\"msgs\":").append(r.msgs())
                    .append(",\"msgs_per_s\":").append(num(r.msgsPerSecond())).append(",\"p50_ms\":")
                    .append(num(r.p50Ms())).append(",\"p99_ms\":").append(num(r.p99Ms())).append(",\"errors\":")
                    .append(r.errors()).append('}');
            first = false;
        }
        j.append("],\"stopped_early\":");
        if (s.abandoned() == null) {
            j.append("null");
        } else {
            string(j, s.abandoned());
        }
        return j.append("}\n").toString();
    }

    private static void counts(StringBuilder j, Map<?, Long> m) {
        j.append('{');
        boolean first = true;
        for (Map.Entry<?, Long> e : m.entrySet()) {
            j.append(first ? "" : ",");
            string(j, String.valueOf(e.getKey()));
            j.append(':').append(e.getValue());
            first = false;
        }
        j.append('}');
    }

    /** Three decimals are a microsecond in milliseconds; JSON has no NaN or Infinity, so those are 0. */
    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "0";
    }

    /** RFC 8259 §7: escape the quote, the backslash and control characters; the rest goes as itself. */
    private static void string(StringBuilder j, String s) {
        j.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                j.append('\\').append(c);
            } else if (c < 0x20) {
                j.append(String.format("\\u%04x", (int) c));
            } else {
                j.append(c);
            }
        }
        j.append('"');
    }
}
