package dev.salvo.cli;

import dev.salvo.api.DeliveryListener;
import dev.salvo.events.DeliveryEvent;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Counts a campaign's outcomes by destination site and by reply class ("550 5.1.1"), for the
 * summary. Hears events on the dispatch thread (and rejections on the CLI thread), so it locks;
 * the maps are capped so a million-domain run cannot grow them without bound.
 */
final class CampaignReport implements DeliveryListener {
    private static final int MAX_KEYS = 500;

    private final Map<String, EnumMap<DeliveryEvent.Outcome, Integer>> bySite = new HashMap<>();
    private final Map<String, Integer> byReply = new HashMap<>();
    /** "invalid-recipient bounced": a bounded set (classes × outcomes), so no cap is needed. */
    private final Map<String, Integer> byClass = new HashMap<>();
    private int suppressed;

    @Override
    public synchronized void onEvent(DeliveryEvent e, String site) {
        String s = bySite.containsKey(site) || bySite.size() < MAX_KEYS ? site : "(other sites)";
        bySite.computeIfAbsent(s, k -> new EnumMap<>(DeliveryEvent.Outcome.class)).merge(e.event(), 1, Integer::sum);
        if (e.event() == DeliveryEvent.Outcome.SUPPRESSED) {
            suppressed++;
        }
        if (e.bounceClass() != null) {
            byClass.merge(e.bounceClass() + " " + e.event().wireName(), 1, Integer::sum);
        }
        if (e.event() != DeliveryEvent.Outcome.DELIVERED && e.code() != null) {
            String reply = e.code() + (e.enhanced() == null ? "" : " " + e.enhanced());
            String key = byReply.containsKey(reply) || byReply.size() < MAX_KEYS ? reply : "(other replies)";
            byReply.merge(key + " " + e.event().wireName(), 1, Integer::sum);
        }
    }

    synchronized void print(PrintWriter out) {
        if (suppressed > 0) {
            out.printf("  suppressed %,d (on the suppression list; not sent)%n", suppressed);
        }
        out.println("  by destination (top 10):");
        bySite.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, EnumMap<DeliveryEvent.Outcome, Integer>> x) ->
                        x.getValue().values().stream().mapToInt(Integer::intValue).sum()).reversed())
                .limit(10)
                .forEach(x -> out.printf("    %-40s %s%n", x.getKey(), x.getValue().entrySet().stream()
                        .map(o -> o.getKey().wireName() + " " + o.getValue()).collect(Collectors.joining(", "))));
        if (!byReply.isEmpty()) {
            out.println("  by reply (not delivered):");
            List<Map.Entry<String, Integer>> top = byReply.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10).toList();
            for (Map.Entry<String, Integer> r : top) {
                out.printf("    %-40s × %,d%n", r.getKey(), r.getValue());
            }
        }
        if (!byClass.isEmpty()) {
            out.println("  by reply class (bounce rules):");
            byClass.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(c -> out.printf("    %-40s × %,d%n", c.getKey(), c.getValue()));
        }
    }
}
