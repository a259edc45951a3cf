package dev.salvo.engine;

import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.EventLog;
import dev.salvo.spool.ContentId;
import dev.salvo.spool.RecipientKey;
import dev.salvo.spool.Spool;
import dev.salvo.spool.SpoolCorruptException;
import dev.salvo.spool.SpooledRecipient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * What a spool holds, read offline (by {@code salvo spool stats} and {@code salvo spool purge}, on a
 * spool no engine has open): pending recipients by campaign, destination domain and state, and the
 * purge of a campaign's or a domain's recipients with a final event for each.
 */
public final class SpoolContents {
    /** Events of purged recipients carry this reply text (with what was purged), so they are easy to find. */
    public static final String PURGED = "purged from the spool by an operator";

    private SpoolContents() {}

    /** Pending recipients counted three ways. */
    public record Summary(long recipients, Map<String, Long> byCampaign, Map<String, Long> byDomain, Map<String, Long> byState) {}

    public static Summary summarize(Spool spool) {
        Map<ContentId, String> campaigns = new HashMap<>();
        Map<String, Long> byCampaign = new TreeMap<>();
        Map<String, Long> byDomain = new TreeMap<>();
        Map<String, Long> byState = new TreeMap<>();
        long[] n = {0};
        spool.scan((id, bytes) -> campaigns.put(id, campaignOf(id, bytes)), (key, r) -> {
            n[0]++;
            byCampaign.merge(campaigns.getOrDefault(key.content(), "(content missing)"), 1L, Long::sum);
            byDomain.merge(domainOf(r), 1L, Long::sum);
            byState.merge(r.state().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
        });
        return new Summary(n[0], byCampaign, byDomain, byState);
    }

    /**
     * Removes every pending recipient of a campaign (when {@code campaign} is set) or of a domain
     * (when {@code domain} is set), writing an {@code expired} event for each to {@code events} (or
     * none when null) before anything is removed. A purged campaign's progress record goes too, so
     * the same campaign id can be sent again from the start.
     *
     * @return how many recipients were purged
     */
    public static long purge(Spool spool, String campaign, String domain, EventLog events, Clock clock) {
        if ((campaign == null) == (domain == null)) {
            throw new IllegalArgumentException("purge either a campaign or a domain");
        }
        Map<ContentId, SpooledEnvelope> contents = new HashMap<>();
        Map<ContentId, String> messageIds = new HashMap<>();
        List<RecipientKey> keys = new ArrayList<>();
        String why = PURGED + " (" + (campaign != null ? "campaign " + campaign : "destination " + domain) + ")";
        spool.scan((id, bytes) -> contents.put(id, decode(id, bytes)), (key, r) -> {
            SpooledEnvelope env = contents.get(key.content());
            boolean match = campaign != null ? env != null && campaign.equals(env.campaignId())
                    : domainOf(r).equals(domain.toLowerCase(Locale.ROOT));
            if (match) {
                keys.add(key);
                if (events != null) {
                    events.append(new DeliveryEvent(clock.instant(), DeliveryEvent.Outcome.EXPIRED,
                            env == null ? null : messageIds.computeIfAbsent(key.content(), k -> messageId(env.message())), r.addressText(), "-", r.attempts(), null, null, why, null));
                }
            }
        });
        if (events != null) {
            events.close(); // written and flushed before the first removal
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (RecipientKey k : keys) {
            writes.add(spool.removeRecipient(k));
        }
        if (campaign != null) {
            writes.add(spool.forgetCampaign(campaign));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        return keys.size();
    }

    private static String campaignOf(ContentId id, byte[] bytes) {
        String c = decode(id, bytes).campaignId();
        return c == null ? "(no campaign)" : c;
    }

    private static SpooledEnvelope decode(ContentId id, byte[] bytes) {
        try {
            return SpooledEnvelope.decode(bytes);
        } catch (IllegalStateException e) {
            throw new SpoolCorruptException("content " + id + " cannot be read: " + e.getMessage() + "; see docs/spool.md", e);
        }
    }

    private static String domainOf(SpooledRecipient r) {
        String a = r.addressText();
        return a.substring(a.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** The Message-ID of a spooled message, as the events carry it. */
    private static String messageId(byte[] message) {
        try {
            dev.salvo.message.MessageContent m = dev.salvo.message.MessageContent.of(message);
            try {
                return m.messageIdHeader();
            } finally {
                m.release();
            }
        } catch (RuntimeException e) {
            return null;
        }
    }
}
