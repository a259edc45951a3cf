package dev.salvo.engine;

import dev.salvo.config.Relay;
import dev.salvo.config.RouteRule;
import dev.salvo.config.SalvoConfig;
import dev.salvo.config.Shaping;
import dev.salvo.route.MxHost;
import dev.salvo.route.MxResolver;
import dev.salvo.route.MxTarget;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Credentials;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.TrustSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Recipient domain → {@link RouteDecision}. Relay routes answer at once; direct delivery asks the
 * MX resolver (asynchronous, cached by TTL), or the test-mode override that maps domains to
 * loopback servers. Every setting a route needs (TLS trust, the password's environment variable)
 * is checked when the router is built, so a bad config fails at start, not at send time.
 */
final class Router {
    private final SalvoConfig config;
    private final MxResolver resolver;
    private final ConnectionSettings relayOverride;
    private final List<ConnectionSettings> relaySettings = new ArrayList<>();

    /** @param resolver answers MX lookups, test-mode overrides and rollup included */
    Router(SalvoConfig config, MxResolver resolver, ConnectionSettings relayOverride, Function<String, String> env) {
        this.config = config;
        this.resolver = resolver;
        this.relayOverride = relayOverride;
        for (RouteRule rule : config.routes()) {
            relaySettings.add(rule.relay() == null ? null : relay(rule.relay(), env));
        }
    }

    CompletableFuture<RouteDecision> route(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (relayOverride != null) {
            String site = "relay:" + relayOverride.destination();
            return CompletableFuture.completedFuture(new RouteDecision(site, List.of(relayOverride), shaping(site, d), null));
        }
        List<RouteRule> routes = config.routes();
        for (int i = 0; i < routes.size(); i++) {
            RouteRule rule = routes.get(i);
            if (!rule.matches(d)) {
                continue;
            }
            ConnectionSettings relay = relaySettings.get(i);
            if (relay != null) {
                String site = "relay:" + relay.destination();
                return CompletableFuture.completedFuture(new RouteDecision(site, List.of(relay), shaping(site, d), null));
            }
            return mx(d);
        }
        return CompletableFuture.completedFuture(RouteDecision.failed(SmtpReply.local(550, "5.4.4",
                "no route in the configuration matches the domain " + d + " (add a route for it, or a '*' route)")));
    }

    private CompletableFuture<RouteDecision> mx(String domain) {
        return resolver.lookup(domain).thenApply(t -> decide(domain, t));
    }

    private RouteDecision decide(String domain, MxTarget t) {
        switch (t.status()) {
            case NULL_MX:
                // RFC 7505 §3: a null MX says the domain accepts no mail.
                return RouteDecision.failed(SmtpReply.local(556, "5.1.10", domain + " accepts no mail (null MX, RFC 7505)"));
            case NO_SUCH_DOMAIN:
                return RouteDecision.failed(SmtpReply.local(550, "5.1.2", "the domain " + domain + " does not exist (NXDOMAIN)"));
            case TEMP_FAILURE:
                return RouteDecision.failed(SmtpReply.local(451, "4.4.3", "DNS lookup for " + domain + " failed for now"
                        + (t.detail() == null ? "" : ": " + t.detail())));
            default:
                break;
        }
        List<ConnectionSettings> hosts = new ArrayList<>(t.hosts().size());
        for (MxHost h : t.hosts()) {
            String address = h.addresses().isEmpty() ? h.name() : h.addresses().get(0).getHostAddress();
            // RFC 7435 opportunistic security: toward MX hosts, TLS when offered, without certificate
            // checks (MX certificates rarely match and there is no trustworthy name to check without DANE).
            hosts.add(ConnectionSettings.relay(address, h.port())
                    .withTls(TlsMode.OPPORTUNISTIC, TrustSource.insecureTrustAll())
                    .withEhloName(config.ehloName()));
        }
        if (hosts.isEmpty()) {
            return RouteDecision.failed(SmtpReply.local(451, "4.4.4", "no usable mail host for " + domain));
        }
        return new RouteDecision(t.siteKey(), List.copyOf(hosts), shaping(t.siteKey(), domain), null);
    }

    /** Most specific rule wins, whatever the order in the file (see {@link SalvoConfig#shapingFor(String, String)}). */
    private Shaping shaping(String site, String domain) {
        return config.shapingFor(site, domain);
    }

    private ConnectionSettings relay(Relay r, Function<String, String> env) {
        TrustSource trust = switch (r.trust() == null ? "system" : r.trust()) {
            case "system" -> TrustSource.system();
            case "insecure-trust-all" -> TrustSource.insecureTrustAll();
            default -> TrustSource.pem(Path.of(r.trust()));
        };
        ConnectionSettings s = ConnectionSettings.relay(r.host(), r.port())
                .withTls(r.tls() == null ? TlsMode.STARTTLS : TlsMode.parse(r.tls()), trust)
                .withEhloName(config.ehloName());
        if (r.user() != null) {
            String password = env.apply(r.passwordEnv());
            if (password == null) {
                throw new IllegalArgumentException("the relay " + r.host() + ":" + r.port() + " needs the password in the"
                        + " environment variable " + r.passwordEnv() + ", which is not set");
            }
            s = s.withCredentials(Credentials.password(r.user(), password), false);
        }
        return s;
    }
}
