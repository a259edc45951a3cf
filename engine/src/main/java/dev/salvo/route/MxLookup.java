package dev.salvo.route;

import dev.salvo.route.MxAnswer.MxRecord;
import dev.salvo.route.MxTarget.Status;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * One domain's resolution: the MX query, then the addresses of each MX host (or of the domain
 * itself when it has no MX). Every callback runs on the resolver's event loop, so the count of
 * hosts still resolving needs no lock; nothing here blocks.
 */
final class MxLookup {
    /** What to hand out, and for how many seconds it may be cached. */
    record Outcome(MxTarget target, long ttlSeconds) {}

    /** A TTL below this would have us asking again on every message; providers publish 5 s TTLs. */
    static final long FLOOR_SECONDS = 30;
    static final long POSITIVE_CAP_SECONDS = 3600;
    /** RFC 2308 §5 allows negative caching for the SOA minimum; a domain that starts to exist should not wait long. */
    static final long NEGATIVE_CAP_SECONDS = 900;
    /** SERVFAIL and timeouts: short, so that a recovered server is asked again soon. */
    static final long TEMPORARY_SECONDS = 30;

    private final DnsNameResolver resolver;
    private final EventLoop loop;
    private final String domain;
    private final int port;
    private final SiteKeys siteKeys;
    private final Random random;
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private int hostsPending;

    MxLookup(DnsNameResolver resolver, EventLoop loop, String domain, int port, SiteKeys siteKeys, Random random) {
        this.resolver = resolver;
        this.loop = loop;
        this.domain = domain;
        this.port = port;
        this.siteKeys = siteKeys;
        this.random = random;
    }

    /** Sends the MX query; the future completes on the resolver's event loop and never exceptionally. */
    CompletableFuture<Outcome> start() {
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> query =
                resolver.query(new DefaultDnsQuestion(domain, DnsRecordType.MX));
        query.addListener(f -> onMxResponse(query));
        return done;
    }

    private void onMxResponse(Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> f) {
        if (!f.isSuccess()) {
            temporary("MX query for " + domain + " failed: " + describe(f.cause()));
            return;
        }
        AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = f.getNow();
        MxAnswer answer;
        try {
            answer = MxAnswer.read(envelope.content());
        } catch (RuntimeException e) {
            temporary("unreadable MX response for " + domain + ": " + e);
            return;
        } finally {
            envelope.release();
        }
        switch (answer.kind()) {
            case RECORDS -> resolveHosts(answer);
            case NO_RECORDS -> resolveImplicitMx(answer);
            case NULL_MX -> finish(MxTarget.failed(domain, Status.NULL_MX, domain + " publishes a null MX (RFC 7505)"),
                    positive(answer.ttlSeconds()));
            case NXDOMAIN -> finish(MxTarget.failed(domain, Status.NO_SUCH_DOMAIN, domain + ": no such domain (NXDOMAIN)"),
                    negative(answer.ttlSeconds()));
            case ERROR -> temporary("MX query for " + domain + " answered " + answer.detail());
        }
    }

    private void resolveHosts(MxAnswer answer) {
        List<MxRecord> ordered = MxOrdering.order(answer.records(), random);
        List<List<InetAddress>> addresses = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            addresses.add(List.of());
        }
        hostsPending = ordered.size();
        for (int i = 0; i < ordered.size(); i++) {
            int index = i;
            resolver.resolveAll(ordered.get(i).host()).addListener((Future<List<InetAddress>> f) -> {
                assert loop.inEventLoop();
                // A host that does not resolve stays in the list with no addresses: the connector
                // skips it or tries again, as it does for a host that refuses connections.
                if (f.isSuccess()) {
                    addresses.set(index, f.getNow());
                }
                if (--hostsPending == 0) {
                    hostsResolved(ordered, addresses, answer.ttlSeconds());
                }
            });
        }
    }

    private void hostsResolved(List<MxRecord> ordered, List<List<InetAddress>> addresses, long mxTtl) {
        List<MxHost> hosts = new ArrayList<>(ordered.size());
        StringBuilder detail = new StringBuilder("MX for ").append(domain).append(':');
        boolean anyAddress = false;
        for (int i = 0; i < ordered.size(); i++) {
            MxRecord r = ordered.get(i);
            hosts.add(new MxHost(r.host(), r.preference(), port, addresses.get(i)));
            anyAddress |= !addresses.get(i).isEmpty();
            detail.append(' ').append(r.host()).append('/').append(r.preference());
        }
        // With no address at all, cache only briefly so the next message asks again.
        long ttl = anyAddress ? positive(mxTtl) : TEMPORARY_SECONDS;
        finish(MxTarget.ok(hosts, siteKeys.siteKeyFor(domain, hosts), detail.toString()), ttl);
    }

    /** RFC 5321 §5.1: no MX records means the domain itself is the mail host, with preference 0. */
    private void resolveImplicitMx(MxAnswer answer) {
        resolver.resolveAll(domain).addListener((Future<List<InetAddress>> f) -> {
            if (f.isSuccess()) {
                List<MxHost> hosts = List.of(new MxHost(domain, 0, port, f.getNow()));
                finish(MxTarget.ok(hosts, siteKeys.siteKeyFor(domain, hosts), "no MX for " + domain
                        + "; implicit MX (RFC 5321 §5.1)"), negative(answer.ttlSeconds()));
            } else if (isTemporary(f.cause())) {
                temporary("no MX for " + domain + ", and its A/AAAA lookup failed: " + describe(f.cause()));
            } else {
                finish(MxTarget.failed(domain, Status.NO_SUCH_DOMAIN, domain + " has neither MX nor A/AAAA records"),
                        negative(answer.ttlSeconds()));
            }
        });
    }

    private void temporary(String detail) {
        finish(MxTarget.failed(domain, Status.TEMP_FAILURE, detail), TEMPORARY_SECONDS);
    }

    private void finish(MxTarget target, long ttlSeconds) {
        done.complete(new Outcome(target, ttlSeconds));
    }

    static long positive(long ttl) {
        return Math.max(FLOOR_SECONDS, Math.min(POSITIVE_CAP_SECONDS, ttl));
    }

    /** Without an SOA (ttl -1) a negative answer is kept only for the floor (RFC 2308 §5 says not to cache it at all). */
    static long negative(long ttl) {
        return Math.max(FLOOR_SECONDS, Math.min(NEGATIVE_CAP_SECONDS, ttl));
    }

    /** A timeout or a server failure anywhere in the chain: the name may well exist. */
    static boolean isTemporary(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DnsNameResolverTimeoutException) {
                return true;
            }
            if (t instanceof DnsErrorCauseException e && e.getCode() != DnsResponseCode.NXDOMAIN) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
