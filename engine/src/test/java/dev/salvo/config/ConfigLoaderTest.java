package dev.salvo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** The example lives in the repository's config/; Maven runs tests from engine/. */
    private static Path example() {
        Path fromModule = Path.of("../config/salvo.yaml");
        return Files.exists(fromModule) ? fromModule : Path.of("config/salvo.yaml");
    }

    @Test
    void theExampleLoadsAndSaysWhatItsCommentsSay() {
        SalvoConfig c = ConfigLoader.load(example());

        assertThat(c.ehloName()).isEqualTo("mail.example.com");
        assertThat(c.defaults()).isEqualTo(Shaping.DEFAULT);
        assertThat(c.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(c.routes()).containsExactly(new RouteRule(List.of("*"), null));
        assertThat(c.rollup()).isEqualTo(RollupRule.DEFAULTS);
        assertThat(c.testMode()).isEqualTo(TestMode.OFF);

        Shaping google = c.shapingFor("google");
        assertThat(google.maxConnections()).isEqualTo(20);
        assertThat(google.rate()).isEqualTo(Rate.parse("3000/min"));
        assertThat(google.maxRecipientsPerTransaction()).isEqualTo(50);
        Shaping microsoft = c.shapingFor("microsoft");
        assertThat(microsoft.backoff().suspendOn421()).isEqualTo(Duration.ofMinutes(5));
        assertThat(microsoft.backoff().rateLimitBurst()).isEqualTo(5);
    }

    @Test
    void theExamplesCommentedOutSectionsLoadToo() throws IOException {
        String uncommented = Files.readString(example())
                .replace("  # - domains: [example.com", "  - domains: [example.com")
                .replaceAll("(?m)^  #   ", "    ")
                .replace("# test_mode:\n#   mx_override:\n#     ", "test_mode:\n  mx_override:\n    ");
        SalvoConfig c = ConfigLoader.parse(uncommented, "salvo.yaml");

        assertThat(c.routeFor("a.example.com").relay()).isEqualTo(new Relay("smtp.example.com", 587, "starttls", "system",
                "salvo@example.com", "SALVO_RELAY_PASSWORD"));
        assertThat(c.testMode().overrideFor("anything.test")).isEqualTo("127.0.0.1:2525");
    }

    @Test
    void anEmptyFileIsTheDefaultConfig() {
        assertThat(ConfigLoader.parse("", "salvo.yaml")).isEqualTo(SalvoConfig.defaultConfig());
        assertThat(ConfigLoader.parse("# nothing yet\n", "salvo.yaml")).isEqualTo(SalvoConfig.defaultConfig());
        assertThat(ConfigLoader.parse("defaults:\nretry:\n", "salvo.yaml")).isEqualTo(SalvoConfig.defaultConfig());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SalvoConfig c = SalvoConfig.defaultConfig();
        Shaping s = c.defaults();
        assertThat(s).isEqualTo(new Shaping(10, 60, 1000, 50, null, Duration.ofSeconds(30),
                new Backoff(Duration.ofMinutes(2), 5, Duration.ofSeconds(60), Duration.ofMinutes(5), 0.5, Duration.ofMinutes(10))));
        assertThat(c.retry()).isEqualTo(new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(4), 0.2, Duration.ofDays(3)));
        assertThat(c.routes()).hasSize(1);
        assertThat(c.routeFor("anything.example").viaMx()).isTrue();
        assertThat(c.testMode().enabled()).isFalse();
    }

    @Test
    void defaultRollupsMergeTheBigProviders() {
        SalvoConfig c = SalvoConfig.defaultConfig();
        assertThat(c.siteFor("aspmx.l.google.com")).isEqualTo("google");
        assertThat(c.siteFor("ALT1.ASPMX.L.GOOGLE.COM.")).isEqualTo("google");
        assertThat(c.siteFor("aspmx2.googlemail.com")).isEqualTo("google");
        assertThat(c.siteFor("contoso-com.mail.protection.outlook.com")).isEqualTo("microsoft");
        assertThat(c.siteFor("hotmail-com.olc.protection.outlook.com")).isEqualTo("microsoft");
        assertThat(c.siteFor("mta5.am0.yahoodns.net")).isEqualTo("yahoo");
        assertThat(c.siteFor("mx01.mail.icloud.com")).isEqualTo("apple");
        assertThat(c.siteFor("mx.example.org")).isNull();
        assertThat(c.siteFor("google.com")).isNull();
    }

    @Test
    void shapingRulesInheritWhatTheyLeaveOutFromTheFilesDefaults() {
        SalvoConfig c = ConfigLoader.parse("""
                defaults:
                  max_connections: 4
                  rate: 10/s
                  backoff: {ramp_up: 1m}
                shaping:
                  - match: yahoo
                    max_messages_per_connection: 20
                    backoff: {slowdown_factor: 0.25}
                  - match: "*.Example.com"
                    rate: unlimited
                """, "t.yaml");
        Shaping yahoo = c.shapingFor("yahoo");
        assertThat(yahoo.maxConnections()).isEqualTo(4);
        assertThat(yahoo.maxMessagesPerConnection()).isEqualTo(20);
        assertThat(yahoo.rate()).isEqualTo(new Rate(10, Duration.ofSeconds(1)));
        assertThat(yahoo.backoff().rampUp()).isEqualTo(Duration.ofMinutes(1));
        assertThat(yahoo.backoff().slowdownFactor()).isEqualTo(0.25);
        assertThat(c.shaping().get(1).match()).isEqualTo("*.example.com");
        assertThat(c.shapingFor("mx.example.com").rate()).isNull();
        assertThat(c.shapingFor("example.org")).isSameAs(c.defaults());
        assertThat(c.shaping().get(0).bySite()).isTrue();
        assertThat(c.shaping().get(1).bySite()).isFalse();
    }

    @Test
    void relaysTakeTlsDependentDefaultPortsAndDomainsMayBeOneString() {
        SalvoConfig c = ConfigLoader.parse("""
                routes:
                  - domains: a.test
                    relay: {host: smtp.a.test, tls: implicit}
                  - domains: [b.test]
                    relay: {host: smtp.b.test}
                  - domains: ["*"]
                    mx:
                """, "t.yaml");
        assertThat(c.routeFor("a.test").relay()).isEqualTo(new Relay("smtp.a.test", 465, "implicit", "system", null, null));
        assertThat(c.routeFor("b.test").relay().port()).isEqualTo(587);
        assertThat(c.routeFor("c.test").viaMx()).isTrue();
    }

    @Test
    void aPemTrustPathIsTakenFromTheFilesDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path file = dir.resolve("salvo.yaml");
        Files.writeString(file, "routes:\n  - domains: [\"*\"]\n    relay: {host: h.test, trust: ca.pem}\n");
        assertThat(ConfigLoader.load(file).routes().get(0).relay().trust()).isEqualTo(dir.resolve("ca.pem").toAbsolutePath().toString());
        assertThat(ConfigLoader.load(file).routes().get(0).relay().trustsPemFile()).isTrue();
    }

    @Test
    void testModeOverridesMxByMostSpecificPattern() {
        SalvoConfig c = ConfigLoader.parse("""
                test_mode:
                  mx_override:
                    "*": 127.0.0.1:2525
                    slow.test: "[::1]:2526"
                """, "t.yaml");
        assertThat(c.testMode().enabled()).isTrue();
        assertThat(c.testMode().mxOverride()).isEqualTo(Map.of("*", "127.0.0.1:2525", "slow.test", "[::1]:2526"));
        assertThat(c.testMode().overrideFor("slow.test")).isEqualTo("[::1]:2526");
        assertThat(c.testMode().overrideFor("other.test")).isEqualTo("127.0.0.1:2525");
        assertThat(TestMode.OFF.overrideFor("other.test")).isNull();
    }

    @Test
    void anchorsAndMergeKeysShareLimitsAndXKeysHoldThem() {
        SalvoConfig c = ConfigLoader.parse("""
                x-big-receiver: &big
                  max_connections: 20
                  rate: 3000/min
                shaping:
                  - match: google
                    <<: *big
                  - match: microsoft
                    <<: *big
                    max_connections: 8
                  - match: yahoo
                    backoff: &gentle {suspend_on_421: 10m}
                  - match: apple
                    backoff: *gentle
                """, "t.yaml");
        assertThat(c.shapingFor("google").maxConnections()).isEqualTo(20);
        assertThat(c.shapingFor("google").rate()).isEqualTo(Rate.parse("3000/min"));
        assertThat(c.shapingFor("microsoft").maxConnections()).isEqualTo(8);
        assertThat(c.shapingFor("microsoft").rate()).isEqualTo(Rate.parse("3000/min"));
        assertThat(c.shapingFor("apple").backoff().suspendOn421()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anEmptyRollupListTurnsRollupOff() {
        SalvoConfig c = ConfigLoader.parse("rollup: []\n", "t.yaml");
        assertThat(c.rollup()).isEmpty();
        assertThat(c.siteFor("aspmx.l.google.com")).isNull();
    }

    @Test
    void theRecordsAreImmutable() {
        SalvoConfig c = ConfigLoader.load(example());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.routes().clear()).isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.testMode().mxOverride().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
