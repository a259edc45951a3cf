package dev.salvo.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.route.MxTarget.Status;
import dev.salvo.smtp.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MxResolverTest {
    private EventLoopGroup group;
    private LoopbackDnsServer dns;
    private final MutableClock clock = new MutableClock();
    private final List<MxResolver> resolvers = new ArrayList<>();

    @BeforeEach
    void start() throws InterruptedException {
        group = NettyTransport.newGroup(2);
        dns = LoopbackDnsServer.start(group);
    }

    @AfterEach
    void stop() throws InterruptedException {
        resolvers.forEach(MxResolver::close);
        dns.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private MxResolver resolver(MxResolver.Options options) {
        // Only the loopback server: never the system's resolv.conf.
        MxResolver r = new MxResolver(group, List.of(dns.address()), clock, options);
        resolvers.add(r);
        return r;
    }

    private MxResolver resolver() {
        return resolver(MxResolver.Options.defaults().withQueryTimeout(Duration.ofSeconds(2)));
    }

    private static MxTarget get(CompletableFuture<MxTarget> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static List<String> names(MxTarget t) {
        return t.hosts().stream().map(MxHost::name).toList();
    }

    @Test
    void ordersHostsByPreferenceWithTheirAddresses() throws Exception {
        dns.mx("a.test", 20, "mx2.a.test", 300).mx("a.test", 10, "mx1.a.test", 300).mx("a.test", 30, "mx3.a.test", 300)
                .address("mx1.a.test", "192.0.2.1", 300).address("mx2.a.test", "192.0.2.2", 300)
                .address("mx3.a.test", "192.0.2.3", 300).address("mx3.a.test", "2001:db8::3", 300);

        MxTarget t = get(resolver().lookup("A.Test."));

        assertThat(t.status()).isEqualTo(Status.OK);
        assertThat(names(t)).containsExactly("mx1.a.test", "mx2.a.test", "mx3.a.test");
        assertThat(t.hosts()).extracting(MxHost::preference).containsExactly(10, 20, 30);
        assertThat(t.hosts()).extracting(MxHost::port).containsOnly(25);
        assertThat(t.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("192.0.2.1"));
        assertThat(t.hosts().get(2).addresses()).contains(InetAddress.getByName("192.0.2.3"));
        assertThat(t.siteKey()).isEqualTo("mx1.a.test,mx2.a.test,mx3.a.test");
    }

    @Test
    void shufflesEqualPreferencesAsTheSeededRandomSays() throws Exception {
        for (String h : List.of("d", "b", "a", "c")) {
            dns.mx("b.test", 10, h + ".mx.b.test", 300).address(h + ".mx.b.test", "192.0.2.10", 300);
        }
        dns.mx("b.test", 5, "first.b.test", 300).mx("b.test", 50, "backup.b.test", 300);
        List<MxAnswer.MxRecord> records = new ArrayList<>();
        for (String h : List.of("a", "b", "c", "d")) {
            records.add(new MxAnswer.MxRecord(h + ".mx.b.test", 10));
        }
        records.add(new MxAnswer.MxRecord("first.b.test", 5));
        records.add(new MxAnswer.MxRecord("backup.b.test", 50));
        List<String> expected = MxOrdering.order(records, new Random(42)).stream().map(MxAnswer.MxRecord::host).toList();

        MxTarget one = get(resolver(MxResolver.Options.defaults().withShuffle(new Random(42))).lookup("b.test"));
        MxTarget two = get(resolver(MxResolver.Options.defaults().withShuffle(new Random(42))).lookup("b.test"));

        assertThat(names(one)).isEqualTo(expected).isEqualTo(names(two));
        assertThat(names(one).get(0)).isEqualTo("first.b.test");
        assertThat(names(one).get(5)).isEqualTo("backup.b.test");
        assertThat(dns.queries("b.test", DnsRecordType.MX)).isEqualTo(2);
    }

    @Test
    void cachesForTheLeastMxTtlOnTheInjectedClock() throws Exception {
        dns.mx("c.test", 10, "mx1.c.test", 600).mx("c.test", 20, "mx2.c.test", 300)
                .address("mx1.c.test", "192.0.2.1", 60).address("mx2.c.test", "192.0.2.2", 60);
        MxResolver r = resolver();

        MxTarget first = get(r.lookup("c.test"));
        MxTarget second = get(r.lookup("c.test"));
        clock.advance(Duration.ofSeconds(299));
        get(r.lookup("c.test"));
        assertThat(dns.queries("c.test", DnsRecordType.MX)).isEqualTo(1);
        assertThat(second).isEqualTo(first);

        clock.advance(Duration.ofSeconds(2));
        get(r.lookup("c.test"));
        assertThat(dns.queries("c.test", DnsRecordType.MX)).isEqualTo(2);
    }

    @Test
    void shortTtlsAreRaisedToThirtySecondsAndLongOnesCutToAnHour() throws Exception {
        dns.mx("short.test", 10, "mx.short.test", 5).address("mx.short.test", "192.0.2.1", 5)
                .mx("long.test", 10, "mx.long.test", 86_400).address("mx.long.test", "192.0.2.1", 86_400);
        MxResolver r = resolver();
        get(r.lookup("short.test"));
        get(r.lookup("long.test"));

        clock.advance(Duration.ofSeconds(29));
        get(r.lookup("short.test"));
        assertThat(dns.queries("short.test", DnsRecordType.MX)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        get(r.lookup("short.test"));
        assertThat(dns.queries("short.test", DnsRecordType.MX)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(3600));
        get(r.lookup("long.test"));
        assertThat(dns.queries("long.test", DnsRecordType.MX)).isEqualTo(2);
    }

    @Test
    void concurrentLookupsOfOneDomainShareOneQuery() throws Exception {
        dns.mx("d.test", 10, "mx.d.test", 300).address("mx.d.test", "192.0.2.4", 300).delay("d.test", Duration.ofMillis(300));
        MxResolver r = resolver();
        List<CompletableFuture<MxTarget>> all = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int j = 0; j < 25; j++) {
                    all.add(r.lookup("d.test"));
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(all).hasSize(100);
        for (CompletableFuture<MxTarget> f : all) {
            assertThat(get(f).hosts()).extracting(MxHost::name).containsExactly("mx.d.test");
        }
        assertThat(dns.queries("d.test", DnsRecordType.MX)).isEqualTo(1);
        assertThat(r.cachedDomains()).isEqualTo(1);
    }

    @Test
    void withoutMxTheDomainItselfIsTheMailHost() throws Exception {
        dns.address("e.test", "192.0.2.9", 300);

        MxTarget t = get(resolver().lookup("e.test"));

        assertThat(t.status()).isEqualTo(Status.OK);
        assertThat(t.hosts()).containsExactly(new MxHost("e.test", 0, 25, List.of(InetAddress.getByName("192.0.2.9"))));
        assertThat(t.siteKey()).isEqualTo("e.test");
    }

    @Test
    void neitherMxNorAddressIsNoSuchDomain() throws Exception {
        dns.negativeTtl("empty.test", 60);

        MxTarget t = get(resolver().lookup("empty.test"));

        assertThat(t.status()).isEqualTo(Status.NO_SUCH_DOMAIN);
        assertThat(t.hosts()).isEmpty();
    }

    @Test
    void nullMxMeansNoMailAccepted() throws Exception {
        dns.nullMx("f.test", 3600).address("f.test", "192.0.2.5", 300);

        MxTarget t = get(resolver().lookup("f.test"));

        assertThat(t.status()).isEqualTo(Status.NULL_MX);
        assertThat(t.hosts()).isEmpty();
        assertThat(t.siteKey()).isEqualTo("f.test");
        assertThat(dns.queries("f.test", DnsRecordType.A)).isZero();
    }

    @Test
    void nxdomainIsCachedForTheSoaMinimum() throws Exception {
        dns.nxdomain("g.test", 120);
        MxResolver r = resolver();

        MxTarget t = get(r.lookup("g.test"));
        clock.advance(Duration.ofSeconds(119));
        get(r.lookup("g.test"));

        assertThat(t.status()).isEqualTo(Status.NO_SUCH_DOMAIN);
        assertThat(dns.queries("g.test", DnsRecordType.MX)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        get(r.lookup("g.test"));
        assertThat(dns.queries("g.test", DnsRecordType.MX)).isEqualTo(2);
    }

    @Test
    void negativeCachingIsCappedAtFifteenMinutes() throws Exception {
        dns.nxdomain("gone.test", 86_400);
        MxResolver r = resolver();
        get(r.lookup("gone.test"));
        clock.advance(Duration.ofSeconds(901));
        get(r.lookup("gone.test"));
        assertThat(dns.queries("gone.test", DnsRecordType.MX)).isEqualTo(2);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATemporaryFailureKeptThirtySeconds() throws Exception {
        dns.mx("h.test", 10, "mx.h.test", 300).delay("h.test", Duration.ofSeconds(3));
        MxResolver r = resolver(MxResolver.Options.defaults().withQueryTimeout(Duration.ofMillis(200)));

        long start = System.nanoTime();
        MxTarget t = get(r.lookup("h.test"));

        assertThat(t.status()).isEqualTo(Status.TEMP_FAILURE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        int asked = dns.queries("h.test", DnsRecordType.MX);
        get(r.lookup("h.test"));
        assertThat(dns.queries("h.test", DnsRecordType.MX)).isEqualTo(asked);
        clock.advance(Duration.ofSeconds(31));
        get(r.lookup("h.test"));
        assertThat(dns.queries("h.test", DnsRecordType.MX)).isGreaterThan(asked);
    }

    @Test
    void aTimeoutOnTheImplicitMxAddressIsTemporaryNotABounce() throws Exception {
        dns.address("slow.test", "192.0.2.8", 300).delay("slow.test", Duration.ofSeconds(3), DnsRecordType.A, DnsRecordType.AAAA);
        MxResolver r = resolver(MxResolver.Options.defaults().withQueryTimeout(Duration.ofMillis(200)));

        MxTarget t = get(r.lookup("slow.test"));

        assertThat(t.status()).isEqualTo(Status.TEMP_FAILURE);
        assertThat(dns.queries("slow.test", DnsRecordType.MX)).isEqualTo(1);
    }

    @Test
    void servfailIsATemporaryFailure() throws Exception {
        dns.servfail("sf.test");

        MxTarget t = get(resolver().lookup("sf.test"));

        assertThat(t.status()).isEqualTo(Status.TEMP_FAILURE);
        assertThat(t.detail()).containsIgnoringCase("servfail");
    }

    @Test
    void anMxHostWithoutAddressStaysInTheListToBeResolvedLater() throws Exception {
        dns.mx("i.test", 10, "ghost.i.test", 300).mx("i.test", 20, "mx.i.test", 300).address("mx.i.test", "192.0.2.7", 300);

        MxTarget t = get(resolver().lookup("i.test"));

        assertThat(names(t)).containsExactly("ghost.i.test", "mx.i.test");
        assertThat(t.hosts().get(0).addresses()).isEmpty();
        assertThat(t.hosts().get(1).addresses()).containsExactly(InetAddress.getByName("192.0.2.7"));
    }

    @Test
    void domainsOnOneProviderRollUpIntoOneSite() throws Exception {
        dns.mx("j.test", 1, "aspmx.l.google.com", 300).mx("j.test", 5, "alt1.aspmx.l.google.com", 300)
                .mx("k.test", 10, "alt2.aspmx.l.google.com", 300)
                .mx("l.test", 10, "mx1.shared.test", 300).mx("l.test", 20, "mx2.shared.test", 300)
                .mx("m.test", 5, "mx2.shared.test", 300).mx("m.test", 5, "mx1.shared.test", 300)
                .mx("n.test", 10, "mx1.shared.test", 300);
        for (String h : List.of("aspmx.l.google.com", "alt1.aspmx.l.google.com", "alt2.aspmx.l.google.com",
                "mx1.shared.test", "mx2.shared.test")) {
            dns.address(h, "192.0.2.20", 300);
        }
        MxResolver r = resolver(MxResolver.Options.defaults()
                .withSiteKeys(new SiteKeys(List.of(new SiteKeys.Rollup("*.google.com", "google")))));

        assertThat(get(r.lookup("j.test")).siteKey()).isEqualTo("google");
        assertThat(get(r.lookup("k.test")).siteKey()).isEqualTo("google");
        String l = get(r.lookup("l.test")).siteKey();
        assertThat(l).isEqualTo("mx1.shared.test,mx2.shared.test");
        assertThat(get(r.lookup("m.test")).siteKey()).isEqualTo(l);
        assertThat(get(r.lookup("n.test")).siteKey()).isNotEqualTo(l);
    }

    @Test
    void testModeAnswersWithoutDns() throws Exception {
        MxResolver r = resolver(MxResolver.Options.defaults()
                .withTestMode(new TestModeOverride(Map.of("*.sim.test", "127.0.0.1:2525"))));

        MxTarget t = get(r.lookup("shop.sim.test"));

        assertThat(t.hosts()).containsExactly(
                new MxHost("mx.shop.sim.test", 0, 2525, List.of(InetAddress.getByName("127.0.0.1"))));
        assertThat(t.siteKey()).isEqualTo("test:127.0.0.1:2525");
        assertThat(dns.queries("shop.sim.test", DnsRecordType.MX)).isZero();
    }

    @Test
    void runsOnANioGroupAsWellAsEpoll() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (LoopbackDnsServer nioDns = LoopbackDnsServer.start(nio)) {
            nioDns.mx("nio.test", 10, "mx.nio.test", 300).address("mx.nio.test", "192.0.2.30", 300);
            assertThat(DnsTransport.datagramChannel(nio)).isEqualTo(NioDatagramChannel.class);
            try (MxResolver r = new MxResolver(nio, List.of(nioDns.address()), clock)) {
                assertThat(names(get(r.lookup("nio.test")))).containsExactly("mx.nio.test");
            }
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void addressLiteralsAndInvalidNamesNeedNoDns() throws Exception {
        MxResolver r = resolver();

        MxTarget literal = get(r.lookup("[192.0.2.44]"));
        MxTarget v6 = get(r.lookup("[IPv6:2001:db8::1]"));
        MxTarget bad = get(r.lookup("bad..name"));

        assertThat(literal.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("192.0.2.44"));
        assertThat(v6.hosts().get(0).addresses()).containsExactly(InetAddress.getByName("2001:db8::1"));
        assertThat(bad.status()).isEqualTo(Status.NO_SUCH_DOMAIN);
    }
}
