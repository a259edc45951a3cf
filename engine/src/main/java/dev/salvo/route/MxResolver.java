package dev.salvo.route;

import dev.salvo.route.MxTarget.Status;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recipient domain → {@link MxTarget}, by asynchronous DNS (Netty's {@link DnsNameResolver} on one
 * loop of the given group) with a cache of its own, kept by the MX records' TTLs on the injected
 * clock. Concurrent lookups of one domain share one query.
 *
 * <p>Futures complete on the resolver's event loop: a dependent stage must not block.
 */
public final class MxResolver implements AutoCloseable {

    /**
     * @param queryTimeout      how long one DNS query may take before the answer is TEMP_FAILURE
     * @param siteKeys          MX rollup rules
     * @param shuffle           orders MX hosts of equal preference; seed it in tests
     * @param port              the SMTP port put in every {@link MxHost}
     * @param maxCachedDomains  past this many cached domains, expired entries are swept, then the oldest completed ones dropped
     * @param testMode          answers matching domains without DNS; null for none
     */
    public record Options(Duration queryTimeout, SiteKeys siteKeys, Random shuffle, int port, int maxCachedDomains,
                          TestModeOverride testMode) {
        public Options {
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            Objects.requireNonNull(siteKeys, "siteKeys");
            Objects.requireNonNull(shuffle, "shuffle");
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range (1-65535): " + port);
            }
            if (maxCachedDomains < 1) {
                throw new IllegalArgumentException("maxCachedDomains must be at least 1: " + maxCachedDomains);
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), new SiteKeys(List.of()), new Random(), 25, 200_000, null);
        }

        public Options withQueryTimeout(Duration d) {
            return new Options(d, siteKeys, shuffle, port, maxCachedDomains, testMode);
        }

        public Options withSiteKeys(SiteKeys s) {
            return new Options(queryTimeout, s, shuffle, port, maxCachedDomains, testMode);
        }

        public Options withShuffle(Random r) {
            return new Options(queryTimeout, siteKeys, r, port, maxCachedDomains, testMode);
        }

        public Options withPort(int p) {
            return new Options(queryTimeout, siteKeys, shuffle, p, maxCachedDomains, testMode);
        }

        public Options withMaxCachedDomains(int n) {
            return new Options(queryTimeout, siteKeys, shuffle, port, n, testMode);
        }

        public Options withTestMode(TestModeOverride t) {
            return new Options(queryTimeout, siteKeys, shuffle, port, maxCachedDomains, t);
        }
    }

    /** A cached or in-flight answer. In flight until {@code expiresAtMillis} is set, just before {@code result} completes. */
    private static final class Entry {
        final CompletableFuture<MxTarget> result = new CompletableFuture<>();
        volatile long expiresAtMillis = Long.MAX_VALUE;
    }

    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    private final EventLoop loop;
    private final DnsNameResolver resolver;
    private final Clock clock;
    private final Options options;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private volatile long lastSweepMillis;
    private volatile boolean closed;

    public MxResolver(EventLoopGroup group, List<InetSocketAddress> dnsServers, Clock clock) {
        this(group, dnsServers, clock, Options.defaults());
    }

    public MxResolver(EventLoopGroup group, List<InetSocketAddress> dnsServers, Clock clock, Options options) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        DnsServerAddressStreamProvider servers = dnsServers.isEmpty()
                ? DnsServerAddressStreamProviders.platformDefault()
                : new SequentialDnsServerAddressStreamProvider(dnsServers);
        this.loop = group.next();
        this.resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(DnsTransport.datagramChannel(group))
                .socketChannelType(DnsTransport.socketChannel(group))
                .nameServerProvider(servers)
                .queryTimeoutMillis(options.queryTimeout().toMillis())
                // Mail goes where DNS says (as Postfix's smtp_host_lookup=dns): no /etc/hosts, no search list.
                .hostsFileEntriesResolver((host, types) -> null)
                .searchDomains(List.of())
                .ndots(1)
                .recursionDesired(true)
                .build();
    }

    /** Async, never blocks. The future never completes exceptionally unless the resolver is closed. */
    public CompletableFuture<MxTarget> lookup(String domain) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("MxResolver is closed"));
        }
        String d;
        try {
            d = DomainName.canonical(domain);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(
                    MxTarget.failed(domain, Status.NO_SUCH_DOMAIN, "invalid domain \"" + domain + "\": " + e.getMessage()));
        }
        MxTarget immediate = withoutDns(d);
        if (immediate != null) {
            return CompletableFuture.completedFuture(immediate);
        }
        long now = clock.millis();
        Entry e = cache.get(d);
        if (e == null || e.expiresAtMillis <= now) {
            Entry mine = new Entry();
            e = cache.compute(d, (k, old) -> old != null && old.expiresAtMillis > now ? old : mine);
            if (e == mine) {
                sweepIfFull(now);
                start(d, mine);
            }
        }
        // A copy, so that a caller completing or cancelling its future cannot touch the shared answer.
        return e.result.copy();
    }

    /** Test mode, or an address literal (RFC 5321 §4.1.3, "user@[192.0.2.1]"). */
    private MxTarget withoutDns(String d) {
        if (options.testMode() != null) {
            MxTarget t = options.testMode().resolve(d);
            if (t != null) {
                return t;
            }
        }
        if (d.startsWith("[") && d.endsWith("]")) {
            String literal = d.substring(1, d.length() - 1);
            if (literal.regionMatches(true, 0, "IPv6:", 0, 5)) {
                literal = literal.substring(5);
            }
            InetAddress a = NetUtil.createInetAddressFromIpAddressString(literal);
            if (a == null) {
                return MxTarget.failed(d, Status.NO_SUCH_DOMAIN, "invalid address literal " + d);
            }
            return MxTarget.ok(List.of(new MxHost(d, 0, options.port(), List.of(a))), d, "address literal");
        }
        return null;
    }

    private void start(String domain, Entry entry) {
        new MxLookup(resolver, loop, domain, options.port(), options.siteKeys(), options.shuffle()).start()
                .whenComplete((outcome, bug) -> {
                    MxLookup.Outcome o = bug == null ? outcome : new MxLookup.Outcome(
                            MxTarget.failed(domain, Status.TEMP_FAILURE, "lookup failed: " + bug), MxLookup.TEMPORARY_SECONDS);
                    // NOTE: the volatile write happens before complete(), so anyone who sees the result sees the expiry.
                    entry.expiresAtMillis = clock.millis() + o.ttlSeconds() * 1000;
                    entry.result.complete(o.target());
                });
    }

    /** Keeps the cache bounded: at most one sweep a second, and only once past the bound. */
    private void sweepIfFull(long now) {
        int max = options.maxCachedDomains();
        if (cache.size() <= max || now - lastSweepMillis < SWEEP_INTERVAL_MILLIS) {
            return;
        }
        lastSweepMillis = now;
        cache.values().removeIf(e -> e.expiresAtMillis <= now);
        if (cache.size() > max) {
            // Still full of live answers: drop completed ones (in-flight ones have waiters) down to 90%.
            int excess = cache.size() - max * 9 / 10;
            var it = cache.values().iterator();
            while (excess > 0 && it.hasNext()) {
                if (it.next().result.isDone()) {
                    it.remove();
                    excess--;
                }
            }
        }
    }

    /** Cached and in-flight domains, for metrics and tests. */
    public int cachedDomains() {
        return cache.size();
    }

    @Override
    public void close() {
        closed = true;
        resolver.close();
    }
}
