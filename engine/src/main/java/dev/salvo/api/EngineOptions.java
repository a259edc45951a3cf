package dev.salvo.api;

import dev.salvo.config.SalvoConfig;
import dev.salvo.metrics.SalvoMetrics;
import dev.salvo.spool.Spool;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
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
        return new EngineOptions(config, file, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withMetrics(SalvoMetrics m) {
        return new EngineOptions(config, eventsFile, m, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withDnsServers(List<InetSocketAddress> servers) {
        return new EngineOptions(config, eventsFile, metrics, servers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withIngestCapacity(int n) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, n, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withIoThreads(int n) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, n, env, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withEnv(Function<String, String> e) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, e, nanoClock, wallClock, mxPort, relay, bounces, spool, renderers);
    }

    public EngineOptions withMxPort(int port) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, port, relay, bounces, spool, renderers);
    }

    public EngineOptions withRelay(dev.salvo.smtp.ConnectionSettings r) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, r, bounces, spool, renderers);
    }

    public EngineOptions withClocks(LongSupplier nanos, Clock wall) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanos, wall, mxPort, relay, bounces, spool, renderers);
    }

    /** Keeps accepted mail in {@code s} (opened by the caller; the engine closes it), or null for memory only. */
    public EngineOptions withSpool(Spool s) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, s, renderers);
    }

    public EngineOptions withRenderers(Function<String, CampaignRenderer> r) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, bounces, spool, r);
    }

    public EngineOptions withBounces(BounceOptions b) {
        return new EngineOptions(config, eventsFile, metrics, dnsServers, ingestCapacity, ioThreads, env, nanoClock, wallClock, mxPort, relay, b, spool, renderers);
    }
}
