package dev.salvo.route;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authoritative-looking DNS server on 127.0.0.1 (UDP, an ephemeral port) with a zone the test
 * programs: MX and A/AAAA records with TTLs, null MX, NXDOMAIN, SERVFAIL, and names that answer
 * late. It counts the queries it gets per name and type. Names it does not know get NXDOMAIN, so a
 * test never leans on a real resolver.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    /** SOA MINIMUM (and SOA TTL) used for negative answers unless a test sets its own. */
    static final long DEFAULT_NEGATIVE_TTL = 300;

    private record Mx(int preference, String host, long ttl) {}

    private record Address(InetAddress address, long ttl) {}

    /** Everything the zone says about one name. */
    private static final class Node {
        final List<Mx> mx = new CopyOnWriteArrayList<>();
        final List<Address> addresses = new CopyOnWriteArrayList<>();
        volatile boolean nxdomain;
        volatile boolean servfail;
        volatile long negativeTtl = DEFAULT_NEGATIVE_TTL;
        volatile Duration delay = Duration.ZERO;
        volatile Set<DnsRecordType> delayed = Set.of();
    }

    private final Map<String, Node> zone = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Channel channel;

    private LoopbackDnsServer(EventLoopGroup group) throws InterruptedException {
        this.channel = new Bootstrap()
                .group(group)
                .channel(DnsTransport.datagramChannel(group))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(), new Answerer());
                    }
                })
                .bind(new InetSocketAddress(NetUtil.LOCALHOST4, 0)).sync().channel();
    }

    public static LoopbackDnsServer start(EventLoopGroup group) throws InterruptedException {
        return new LoopbackDnsServer(group);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public LoopbackDnsServer mx(String domain, int preference, String host, long ttl) {
        node(domain).mx.add(new Mx(preference, host, ttl));
        return this;
    }

    /** RFC 7505: one MX of preference 0 whose exchange is the root. */
    public LoopbackDnsServer nullMx(String domain, long ttl) {
        return mx(domain, 0, ".", ttl);
    }

    /** An A record, or an AAAA record for an IPv6 literal. */
    public LoopbackDnsServer address(String name, String ip, long ttl) {
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(ip);
        if (a == null) {
            throw new IllegalArgumentException("not an IP literal: " + ip);
        }
        node(name).addresses.add(new Address(a, ttl));
        return this;
    }

    public LoopbackDnsServer nxdomain(String domain, long soaMinimum) {
        Node n = node(domain);
        n.nxdomain = true;
        n.negativeTtl = soaMinimum;
        return this;
    }

    /** The SOA MINIMUM sent with NODATA and NXDOMAIN answers for this name. */
    LoopbackDnsServer negativeTtl(String name, long soaMinimum) {
        node(name).negativeTtl = soaMinimum;
        return this;
    }

    LoopbackDnsServer servfail(String domain) {
        node(domain).servfail = true;
        return this;
    }

    /**
     * Answers queries for this name only after {@code delay}, as a slow or unreachable authority
     * would: queries of the given types, or of every type when none are given.
     */
    LoopbackDnsServer delay(String name, Duration delay, DnsRecordType... types) {
        Node n = node(name);
        n.delayed = Set.of(types);
        n.delay = delay;
        return this;
    }

    int queries(String name, DnsRecordType type) {
        AtomicInteger n = queries.get(key(name, type));
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
    }

    private Node node(String name) {
        return zone.computeIfAbsent(canonical(name), k -> new Node());
    }

    private static String canonical(String name) {
        String s = name.toLowerCase(Locale.ROOT);
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String key(String name, DnsRecordType type) {
        return canonical(name) + " " + type.name();
    }

    private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = canonical(question.name());
            queries.computeIfAbsent(key(name, question.type()), k -> new AtomicInteger()).incrementAndGet();
            Node node = zone.get(name);
            InetSocketAddress client = query.sender();
            int id = query.id();
            boolean rd = query.isRecursionDesired();
            if (node != null && !node.delay.isZero() && (node.delayed.isEmpty() || node.delayed.contains(question.type()))) {
                // The response is built only when sent, so nothing is allocated if the test ends first.
                ctx.executor().schedule(() -> send(ctx, client, id, rd, question, node), node.delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                send(ctx, client, id, rd, question, node);
            }
        }

        private void send(ChannelHandlerContext ctx, InetSocketAddress client, int id, boolean rd, DnsQuestion question,
                          Node node) {
            if (!ctx.channel().isActive()) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(address(), client, id);
            response.setRecursionDesired(rd).setRecursionAvailable(true).setAuthoritativeAnswer(true);
            response.addRecord(DnsSection.QUESTION, question);
            String owner = question.name();
            if (node == null || node.nxdomain) {
                response.setCode(DnsResponseCode.NXDOMAIN);
                response.addRecord(DnsSection.AUTHORITY, soa(owner, node == null ? DEFAULT_NEGATIVE_TTL : node.negativeTtl));
            } else if (node.servfail) {
                response.setCode(DnsResponseCode.SERVFAIL);
            } else {
                int answers = 0;
                if (question.type() == DnsRecordType.MX) {
                    for (Mx mx : node.mx) {
                        response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(owner, DnsRecordType.MX, mx.ttl,
                                mxRdata(mx.preference, mx.host)));
                        answers++;
                    }
                } else if (question.type() == DnsRecordType.A || question.type() == DnsRecordType.AAAA) {
                    boolean wantV4 = question.type() == DnsRecordType.A;
                    for (Address a : node.addresses) {
                        if ((a.address instanceof Inet4Address) == wantV4) {
                            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(owner, question.type(), a.ttl,
                                    Unpooled.wrappedBuffer(a.address.getAddress())));
                            answers++;
                        }
                    }
                }
                if (answers == 0) {
                    // NODATA: NOERROR with an SOA, whose MINIMUM bounds negative caching (RFC 2308 §2.2).
                    response.addRecord(DnsSection.AUTHORITY, soa(owner, node.negativeTtl));
                }
            }
            ctx.writeAndFlush(response);
        }
    }

    private static ByteBuf mxRdata(int preference, String host) {
        ByteBuf b = Unpooled.buffer();
        b.writeShort(preference);
        writeName(host, b);
        return b;
    }

    private static DefaultDnsRawRecord soa(String owner, long minimum) {
        ByteBuf b = Unpooled.buffer();
        writeName("ns.test", b);
        writeName("hostmaster.test", b);
        b.writeInt(1);        // SERIAL
        b.writeInt(3600);     // REFRESH
        b.writeInt(600);      // RETRY
        b.writeInt(86400);    // EXPIRE
        b.writeInt((int) minimum);
        return new DefaultDnsRawRecord(owner, DnsRecordType.SOA, minimum, b);
    }

    /** RFC 1035 §3.1: length-prefixed labels ending in the empty root label; no compression. */
    private static void writeName(String name, ByteBuf out) {
        for (String label : canonical(name).split("\\.")) {
            if (!label.isEmpty()) {
                out.writeByte(label.length());
                out.writeCharSequence(label, StandardCharsets.US_ASCII);
            }
        }
        out.writeByte(0);
    }
}
