package dev.salvo.cli;

import dev.salvo.api.BounceOptions;
import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.campaign.CampaignException;
import dev.salvo.campaign.DryRun;
import dev.salvo.campaign.RecipientCsv;
import dev.salvo.campaign.RenderContext;
import dev.salvo.campaign.Template;
import dev.salvo.config.ConfigException;
import dev.salvo.config.ConfigLoader;
import dev.salvo.config.Rate;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.SalvoConfig;
import dev.salvo.config.Shaping;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.config.SpoolConfig;
import dev.salvo.config.DkimConfig;
import dev.salvo.config.VerpConfig;
import dev.salvo.dkim.Canonicalization;
import dev.salvo.dkim.CryptoProviders;
import dev.salvo.dkim.DkimKey;
import dev.salvo.dkim.DkimSigner;
import dev.salvo.message.EmailAddress;
import dev.salvo.metrics.MetricsServer;
import dev.salvo.metrics.SalvoMetrics;
import dev.salvo.spool.Durability;
import dev.salvo.spool.Spool;
import dev.salvo.spool.SpoolCorruptException;
import dev.salvo.spool.SpoolUnavailableException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * `salvo send --template`: checks the campaign's flags and inputs, then runs a {@link CampaignJob}
 * (or a dry run). Every check happens before the engine starts, so bad input sends nothing.
 */
final class CampaignCommandRun implements Callable<Integer> {
    private final SendCommand cmd;

    CampaignCommandRun(SendCommand cmd) {
        this.cmd = cmd;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = cmd.spec.commandLine().getOut();
        PrintWriter err = cmd.spec.commandLine().getErr();
        if (cmd.message != null) {
            throw new UserError("give either --message (one message as is) or --template (a campaign), not both");
        }
        if (cmd.recipients.file == null) {
            throw new UserError("a --template campaign takes its recipients from --recipients FILE.csv, not --to");
        }
        RecipientCsv.BadRows badRows = switch (cmd.badRows.toLowerCase(Locale.ROOT)) {
            case "skip" -> RecipientCsv.BadRows.SKIP;
            case "fail" -> RecipientCsv.BadRows.FAIL;
            default -> throw new UserError("--bad-rows must be skip or fail, got '" + cmd.badRows + "'");
        };
        EmailAddress sender = SendOptions.address("--from", cmd.from);
        readable("--template", cmd.template);
        readable("--recipients", cmd.recipients.file);
        SalvoConfig config = config();
        DkimSigner signer = signer(err, config.dkim());
        Path template = OneClickUnsubscribe.apply(cmd.template, cmd.unsubscribeUrl, cmd.unsubscribeMailto);
        SenderAlignment.warnIfUnaligned(template, sender, cmd.dkimDomain, err);
        if (cmd.dryRun != null) {
            return dryRun(out, badRows, template);
        }
        EngineOptions options = EngineOptions.of(config).withEvents(cmd.events);
        if (cmd.relay != null) {
            options = options.withRelay(new SendOptions(cmd).settings(System::getenv));
        } else if (cmd.config == null) {
            throw new UserError("say where the campaign goes: --relay HOST:PORT, or --config FILE.yaml with routes");
        }
        BounceOptions bounces = cmd.bounces.open();
        options = options.withBounces(bounces);
        SalvoMetrics metrics = null;
        MetricsServer server = null;
        if (cmd.metrics != null) {
            RelayAddress at = RelayAddress.parse(cmd.metrics);
            metrics = new SalvoMetrics();
            try {
                server = MetricsServer.start(new InetSocketAddress(at.host(), at.port()), metrics,
                        MetricsServer.tokenFromEnvironment(), false);
            } catch (RuntimeException e) {
                throw new UserError("--metrics " + cmd.metrics + ": " + e.getMessage());
            }
            err.println("salvo: metrics on http://" + cmd.metrics + "/metrics");
            options = options.withMetrics(metrics);
        }
        options = options.withSpool(spool(err, config.spool()));
        try {
            EngineStats s = new CampaignJob(options, sender, cmd.recipients.file, badRows, template, cmd.campaign,
                    signer, cmd.progressMode(), verp(config.verp())).run(out, err);
            return s.delivered() == s.accepted() && s.rejected() == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (SpoolCorruptException e) {
            throw new UserError(e.getMessage());
        } catch (CampaignJob.SpoolStopped e) {
            err.println("salvo: the spool stopped taking writes, so intake stopped; what was accepted was sent: " + e.getMessage());
            err.println("salvo: fix that, then run the same command again (same --campaign and --spool) to go on");
            err.flush();
            return ExitCodes.SPOOL_UNAVAILABLE;
        } finally {
            bounces.suppression().close(); // after the engine: CampaignJob closed it
            if (server != null) {
                server.close();
            }
        }
    }

    /** The VERP codec from the flags (which replace the config's verp: section), or null without VERP. */
    private VerpCodec verp(VerpConfig fromFile) {
        String domain = cmd.verpDomain != null ? cmd.verpDomain : fromFile.domain();
        Path secrets = cmd.verpSecretFile != null ? cmd.verpSecretFile
                : fromFile.secretFile() == null ? null : Path.of(fromFile.secretFile());
        String prefix = cmd.verpPrefix != null ? cmd.verpPrefix : fromFile.prefix();
        if (domain == null) {
            if (cmd.verpSecretFile != null || cmd.verpPrefix != null) {
                throw new UserError("--verp-secret-file and --verp-prefix need --verp-domain DOMAIN");
            }
            return null;
        }
        if (secrets == null) {
            throw new UserError("VERP needs a secret: add --verp-secret-file FILE (make one with: openssl rand -hex 32 > FILE)");
        }
        try {
            return new VerpCodec(prefix, domain, VerpSecrets.load(secrets));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * The spool of --spool (or the config file's spool: section, which the flags override) in its
     * mode, or null for none: memory, the default when neither names a directory.
     */
    private Spool spool(PrintWriter err, SpoolConfig fromFile) {
        Path dir = cmd.spool != null ? cmd.spool : fromFile.dir();
        String mode = cmd.durability != null ? cmd.durability
                : cmd.spool != null || fromFile.dir() == null ? "sync" : fromFile.mode().name();
        Durability d = switch (mode.toLowerCase(Locale.ROOT)) {
            case "sync" -> Durability.SYNC;
            case "batched" -> Durability.batched(cmd.fsyncWindow != null ? parseDuration("--fsync-window", cmd.fsyncWindow)
                    : fromFile.window());
            case "memory" -> Durability.MEMORY;
            default -> throw new UserError("--durability must be sync, batched or memory, got '" + cmd.durability + "'");
        };
        if (dir == null || d.mode() == Durability.Mode.MEMORY) {
            if (dir != null) {
                err.println("salvo: durability memory: the spool in " + dir + " is not used; nothing is kept");
            }
            return null;
        }
        try {
            return Spool.open(dir, d);
        } catch (SpoolCorruptException | SpoolUnavailableException e) {
            throw new UserError("spool " + dir + ": " + e.getMessage());
        }
    }

    private int dryRun(PrintWriter out, RecipientCsv.BadRows badRows, Path template) throws Exception {
        int n;
        try {
            n = Integer.parseInt(cmd.dryRun.get(0));
        } catch (NumberFormatException e) {
            throw new UserError("--dry-run takes a count and a directory, e.g. --dry-run 10 out/; got '" + cmd.dryRun.get(0) + "'");
        }
        Path dir = Path.of(cmd.dryRun.get(1));
        Files.createDirectories(dir);
        try (RecipientCsv csv = RecipientCsv.open(cmd.recipients.file, badRows)) {
            Template t = Template.load(template, csv.fieldNames());
            int written = DryRun.write(t, csv, n, dir, new RenderContext(cmd.campaign, 0, Instant.now()));
            out.printf("rendered %d message(s) into %s; nothing was sent%n", written, dir);
            out.flush();
            return ExitCodes.OK;
        } catch (CampaignException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The config file's, or defaults shaped by the flags: --connections, --rate and --max-age win over the file. */
    private SalvoConfig config() {
        SalvoConfig base;
        try {
            base = cmd.config == null ? SalvoConfig.defaultConfig() : ConfigLoader.load(cmd.config);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        Shaping d = base.defaults();
        Rate r = cmd.rate != null ? SendOptions.rate(cmd.rate) : d.rate();
        if (cmd.connections < 1 || cmd.connections > SendOptions.MAX_CONNECTIONS) {
            throw new UserError("--connections must be between 1 and " + SendOptions.MAX_CONNECTIONS + ", got " + cmd.connections);
        }
        // The defaults recycle a connection every 1,000 messages and open at most 60 a minute, which
        // is how a receiving MX likes it but caps one destination near 1,000 messages/s. A relay
        // named on the command line is the user's own smarthost: keep its connections open, as a
        // plain `send --message` does, unless a config file says otherwise.
        int perConnection = cmd.relay != null && cmd.config == null ? 0 : d.maxMessagesPerConnection();
        Shaping shaping = new Shaping(cmd.connections, Math.max(d.maxNewConnectionsPerMinute(), cmd.connections),
                perConnection, d.maxRecipientsPerTransaction(), r, d.idleTimeout(), d.backoff());
        Duration maxAge = SendOptions.maxAge(cmd.maxAge);
        return new SalvoConfig(cmd.session.ehlo, shaping, retryFor(maxAge, base.retry().jitter()), base.routes(),
                base.rollup(), base.shaping(), base.testMode(), base.dkim(), base.verp(), base.spool());
    }

    /**
     * A CLI run ends when its recipients do: the max age (not a config file's retry policy, which is
     * for a long-running engine) bounds every recipient's life; retries start at an eighth of it
     * (1 s to 30 s) and double, so a short run still retries a few times before it gives up.
     */
    static RetryPolicy retryFor(Duration maxAge, double jitter) {
        Duration initial = clamp(maxAge.dividedBy(8), Duration.ofSeconds(1), Duration.ofSeconds(30));
        Duration maxInterval = clamp(maxAge.dividedBy(2), initial, Duration.ofMinutes(5));
        return new RetryPolicy(initial, 2, maxInterval, jitter, maxAge);
    }

    /** Keys are loaded and checked now, before anything is sent: a bad key is an error at start, not at send time. */
    private DkimSigner signer(PrintWriter err, DkimConfig fromFile) {
        if (cmd.dkimKeys == null || cmd.dkimKeys.isEmpty()) {
            if (cmd.dkimDomain != null || cmd.dkimSelectors != null) {
                throw new UserError("--dkim-domain and --dkim-selector need --dkim-key FILE.pem");
            }
            return fromFile != null && fromFile.enabled() ? signerFrom(fromFile, err) : null;
        }
        if (cmd.dkimDomain == null || cmd.dkimSelectors == null || cmd.dkimSelectors.size() != cmd.dkimKeys.size()) {
            throw new UserError("DKIM signing needs --dkim-domain and one --dkim-selector per --dkim-key ("
                    + cmd.dkimKeys.size() + " key(s), " + (cmd.dkimSelectors == null ? 0 : cmd.dkimSelectors.size()) + " selector(s))");
        }
        List<DkimConfig.Key> keys = new ArrayList<>();
        for (int i = 0; i < cmd.dkimKeys.size(); i++) {
            keys.add(new DkimConfig.Key(cmd.dkimDomain, cmd.dkimSelectors.get(i), cmd.dkimKeys.get(i).toString()));
        }
        return signerFrom(new DkimConfig(keys, DkimConfig.NONE.canonicalization(), null), err);
    }

    /** Loads the keys (the config file's dkim: section, or the flags, which replace it) and builds the signer. */
    private static DkimSigner signerFrom(DkimConfig c, PrintWriter err) {
        err.println("salvo: DKIM signing with " + CryptoProviders.installFastest());
        DkimKey[] keys = new DkimKey[c.keys().size()];
        try {
            for (int i = 0; i < keys.length; i++) {
                DkimConfig.Key k = c.keys().get(i);
                keys[i] = DkimKey.load(Path.of(k.file()), k.domain(), k.selector());
            }
            DkimSigner.Builder b = DkimSigner.builder(keys)
                    .canonicalization("simple".equals(c.canonicalization()) ? Canonicalization.SIMPLE : Canonicalization.RELAXED);
            if (c.headers() != null) {
                b.headers(c.headers());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static void readable(String option, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UserError(option + " " + file + ": " + (Files.exists(file) ? "is not a readable file" : "no such file"));
        }
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    static Duration parseDuration(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new UserError(option + " must be a duration such as 30s, 10m, 2h or 1d; got '" + text + "'");
        }
    }
}
