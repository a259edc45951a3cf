package dev.salvo.api;

import dev.salvo.config.SalvoConfig;
import dev.salvo.metrics.SalvoMetrics;
import dev.salvo.spool.Spool;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How to build an engine.
 *
 * @param config routes, shaping, retries, rollup, test mode
 * @param eventsFile JSON-lines events, or null
 * @param metrics where to count, or null
 * @param dnsServers resolvers for MX lookups; empty for the system's
 * @param ingestCapacity bound of the ingest queue; beyond it submit answers BACKPRESSURE
 * @param ioThreads event loops for SMTP sessions (0: one per core)
 * @param env where relay passwords are looked up (System::getenv in production)
 * @param nanoClock the engine's clock for throttles, retries and ages (System::nanoTime in production)
 * @param wallClock timestamps of events
 * @param mxPort the port of MX hosts (25; tests point it at a loopback server)
 * @param relay when set, every domain goes through this relay (what `salvo send --relay` does), or null
 * @param bounces the bounce rules and the suppression list
 * @param spool where accepted mail is kept until it is final, or null for none (memory only: a crash
 *     loses what is queued). The engine scans it at start, owns it from then on and closes it last.
 * @param renderers by campaign id, what re-renders a campaign's recipients found in the spool at
 *     start (null for a campaign with none: its recipients stay in the spool until a run that has one)
 */
public record EngineOptions(
        SalvoConfig config,
        Path eventsFile,
        SalvoMetrics metrics,
        List<InetSocketAddress> dnsServers,
        int ingestCapacity,
        int ioThreads,
        Function<String, String> env,
        LongSupplier nanoClock,
        Clock wallClock,
        int mxPort,
        dev.salvo.smtp.ConnectionSettings relay,
        BounceOptions bounces,
        Spool spool,
        Function<String, CampaignRenderer> renderers) {

    public EngineOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(bounces, "bounces");
        dnsServers = List.copyOf(dnsServers);
        renderers = renderers == null ? id -> null : renderers;
        if (ingestCapacity < 16) {
            throw new IllegalArgumentException("ingestCapacity must be at least 16");
        }
    }

    public static EngineOptions of(SalvoConfig config) {
        return new EngineOptions(config, null, null, List.of(), 65_536, 0, System::getenv, System::nanoTime, Clock.systemUTC(), 25, null,
                BounceOptions.defaults(), null, id -> null);
    }

    public EngineOptions withEvents(Path file) {
        return edit(f -> f.eventsFile = file);
    }

    public EngineOptions withMetrics(SalvoMetrics m) {
        return edit(f -> f.metrics = m);
    }

    public EngineOptions withDnsServers(List<InetSocketAddress> servers) {
        return edit(f -> f.dnsServers = servers);
    }

    public EngineOptions withIngestCapacity(int n) {
        return edit(f -> f.ingestCapacity = n);
    }

    public EngineOptions withIoThreads(int n) {
        return edit(f -> f.ioThreads = n);
    }

    public EngineOptions withEnv(Function<String, String> e) {
        return edit(f -> f.env = e);
    }

    public EngineOptions withMxPort(int port) {
        return edit(f -> f.mxPort = port);
    }

    public EngineOptions withRelay(dev.salvo.smtp.ConnectionSettings r) {
        return edit(f -> f.relay = r);
    }

    public EngineOptions withClocks(LongSupplier nanos, Clock wall) {
        return edit(f -> {
            f.nanoClock = nanos;
            f.wallClock = wall;
        });
    }

    /** Keeps accepted mail in {@code s} (opened by the caller; the engine closes it), or null for memory only. */
    public EngineOptions withSpool(Spool s) {
        return edit(f -> f.spool = s);
    }

    public EngineOptions withRenderers(Function<String, CampaignRenderer> r) {
        return edit(f -> f.renderers = r);
    }

    public EngineOptions withBounces(BounceOptions b) {
        return edit(f -> f.bounces = b);
    }

    /** A copy with one change: the withers name only what they change, and the constructor checks the result. */
    private EngineOptions edit(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The components, open for one wither to change before they become options again. */
    private static final class Fields {
        SalvoConfig config;
        Path eventsFile;
        SalvoMetrics metrics;
        List<InetSocketAddress> dnsServers;
        int ingestCapacity;
        int ioThreads;
        Function<String, String> env;
        LongSupplier nanoClock;
        Clock wallClock;
        int mxPort;
        dev.salvo.smtp.ConnectionSettings relay;
        BounceOptions bounces;
        Spool spool;
        Function<String, CampaignRenderer> renderers;

        Fields(EngineOptions o) {
            config = o.config;
            eventsFile = o.eventsFile;
            metrics = o.metrics;
            dnsServers = o.dnsServers;
            ingestCapacity = o.ingestCapacity;
            ioThreads = o.ioThreads;
            env = o.env;
            nanoClock = o.nanoClock;
            wallClock = o.wallClock;
            mxPort = o.mxPort;
            relay = o.relay;
            bounces = o.bounces;
            spool = o.spool;
            renderers = o.renderers;
        }

        EngineOptions build() {
            return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock,
                    wallClock, mxPort, relay, bounces, spool, renderers);
        }
    }
}
