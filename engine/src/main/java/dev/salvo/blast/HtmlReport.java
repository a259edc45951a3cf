package dev.salvo.blast;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The report as one self-contained HTML page: no scripts, no fonts, no external anything, so it
 * can be mailed or archived as a file. Charts are inline SVG polylines over the timeline.
 */
final class HtmlReport {
    private static final int W = 720;
    private static final int H = 220;
    private static final int PAD = 44;

    private HtmlReport() {}

    static String of(BlastSummary s) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>salvo blast ")
                .append(esc(s.target())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}svg{border:1px solid #ddd;background:#fcfcfc}")
                .append("</style></head><body>\n");
        h.append("<h1>salvo blast ").append(esc(s.target())).append("</h1>\n<p>Started ")
                .append(esc(s.started().toString())).append(", ").append(fmt(s.seconds())).append(" s, ")
                .append(s.connections()).append(" connections, ")
                .append(s.rateTarget() > 0 ? "target " + fmt(s.rateTarget()) + " msg/s (open loop)" : "closed loop")
                .append(".</p>\n");
        if (s.abandoned() != null) {
            h.append("<p><strong>Stopped early: ").append(esc(s.abandoned())).append("</strong></p>\n");
        }
        h.append("<table><tr><th>sent</th><th>delivered</th><th>deferred</th><th>bounced</th><th>msg/s</th><th>MB/s</th></tr><tr><td>")
                .append(s.sent()).append("</td><td>").append(s.delivered()).append("</td><td>").append(s.deferred())
                .append("</td><td>").append(s.bounced()).append("</td><td>").append(fmt(s.messagesPerSecond()))
                .append("</td><td>").append(fmt(s.megabytesPerSecond())).append("</td></tr></table>\n");
        List<Timeline.Row> rows = s.timeline();
        h.append("<h2>Messages per second</h2>\n");
        chart(h, rows, List.of(new Series("msg/s", "#2a6fdb", Timeline.Row::msgsPerSecond)));
        h.append("<h2>Latency per second (ms, from when each message was due)</h2>\n");
        chart(h, rows, List.of(new Series("p50", "#2a9d4b", Timeline.Row::p50Ms), new Series("p99", "#d64545", Timeline.Row::p99Ms)));
        h.append("<h2>Latency by phase (ms)</h2>\n<table><tr><th>phase</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>count</th></tr>\n");
        for (Map.Entry<String, Histogram> e : s.phases().entrySet()) {
            Histogram x = e.getValue();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(fmt(PhaseMeter.millis(x, 50)))
                    .append("</td><td>").append(fmt(PhaseMeter.millis(x, 90))).append("</td><td>")
                    .append(fmt(PhaseMeter.millis(x, 99))).append("</td><td>").append(fmt(PhaseMeter.millis(x, 99.9)))
                    .append("</td><td>").append(fmt(PhaseMeter.maxMillis(x))).append("</td><td>").append(x.getTotalCount())
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Replies and errors</h2>\n<table><tr><th>what</th><th>count</th></tr>\n");
        s.replyCodes().forEach((code, n) -> row(h, "reply " + code, n));
        s.deferredByCode().forEach((code, n) -> row(h, "deferred " + code, n));
        s.bouncedByCode().forEach((code, n) -> row(h, "bounced " + code, n));
        s.sessionFailures().forEach((kind, n) -> row(h, "session " + kind, n));
        return h.append("</table>\n</body></html>\n").toString();
    }

    private record Series(String name, String colour, ToDoubleFunction<Timeline.Row> value) {}

    private static void chart(StringBuilder h, List<Timeline.Row> rows, List<Series> series) {
        double maxT = rows.isEmpty() ? 1 : Math.max(1, rows.get(rows.size() - 1).t());
        double maxY = 0;
        for (Series s : series) {
            for (Timeline.Row r : rows) {
                maxY = Math.max(maxY, s.value().applyAsDouble(r));
            }
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.1;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-size=\"11\">\n");
        h.append("<line x1=\"").append(PAD).append("\" y1=\"").append(H - PAD).append("\" x2=\"").append(W - 10)
                .append("\" y2=\"").append(H - PAD).append("\" stroke=\"#888\"/><line x1=\"").append(PAD)
                .append("\" y1=\"10\" x2=\"").append(PAD).append("\" y2=\"").append(H - PAD).append("\" stroke=\"#888\"/>\n");
        h.append("<text x=\"4\" y=\"18\">").append(fmt(maxY)).append("</text><text x=\"4\" y=\"").append(H - PAD)
                .append("\">0</text><text x=\"").append(W - 60).append("\" y=\"").append(H - PAD + 16).append("\">")
                .append(fmt(maxT)).append(" s</text>\n");
        int legend = PAD + 10;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (Timeline.Row r : rows) {
                double x = PAD + (W - 10 - PAD) * r.t() / maxT;
                double y = (H - PAD) - (H - PAD - 10) * s.value().applyAsDouble(r) / maxY;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.colour()).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"/>\n");
            h.append("<text x=\"").append(legend).append("\" y=\"").append(H - 8).append("\" fill=\"").append(s.colour())
                    .append("\">").append(esc(s.name())).append("</text>\n");
            legend += 60;
        }
        h.append("</svg>\n");
    }

    private static void row(StringBuilder h, String what, long n) {
        h.append("<tr><td>").append(esc(what)).append("</td><td>").append(n).append("</td></tr>\n");
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
