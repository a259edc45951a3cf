package dev.salvo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake, and the exact place and expectation its message gives. */
class ConfigErrorsTest {

    private static String error(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml"));
        assertThat(e).as("no error for:\n" + yaml).isNotNull();
        return e.getMessage();
    }

    // --- YAML itself

    @Test
    void brokenYamlNamesThePlace() {
        assertThat(error("defaults:\n  max_connections: [1, 2\n")).isEqualTo("t.yaml:3:1: not valid YAML: expected ',' or ']',"
                + " but got <stream end> (while parsing a flow sequence from line 2, column 20)");
        assertThat(error("ehlo: a.test\n  retry: x\n")).isEqualTo("t.yaml:2:8: not valid YAML: mapping values are not allowed here");
        assertThat(error("ehlo:\ta.test\n")).startsWith("t.yaml:1:6: not valid YAML: found character '\\t(TAB)' that cannot start any token");
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        assertThat(error("defaults:\n  max_connections: 1\n  max_connections: 2\n"))
                .isEqualTo("t.yaml:3:3: 'max_connections' appears twice in this mapping; the first is on line 2");
    }

    @Test
    void oneDocumentOnly() {
        assertThat(error("ehlo: a.test\n---\nehlo: b.test\n")).startsWith("t.yaml:3:1: salvo.yaml holds one YAML document");
    }

    @Test
    void theTopLevelMustBeAMapping() {
        assertThat(error("- a\n- b\n")).isEqualTo("t.yaml:1:1: salvo.yaml's top level must be a mapping of keys to values, got a list");
    }

    // --- keys

    @Test
    void anUnknownKeySuggestsTheCloseOne() {
        assertThat(error("defaults:\n  max_conections: 3\n"))
                .startsWith("t.yaml:2:3: unknown key 'max_conections' in defaults (did you mean 'max_connections'?); expected one of max_connections, ");
        assertThat(error("retyr:\n  initial: 1m\n")).startsWith("t.yaml:1:1: unknown key 'retyr' in salvo.yaml's top level (did you mean 'retry'?)");
        assertThat(error("defaults:\n  backoff:\n    ramp-up: 1m\n")).startsWith("t.yaml:3:5: unknown key 'ramp-up' in backoff (did you mean 'ramp_up'?)");
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, pasword_env: P}\n"))
                .startsWith("t.yaml:3:22: unknown key 'pasword_env' in relay (did you mean 'password_env'?)");
    }

    @Test
    void anUnknownKeyFarFromAnyListsThemAll() {
        assertThat(error("colour: blue\n")).isEqualTo("t.yaml:1:1: unknown key 'colour' in salvo.yaml's top level;"
                + " expected one of ehlo, defaults, retry, routes, rollup, shaping, test_mode, dkim, verp, spool");
    }

    @Test
    void aShapingKeyAtTheTopLevelSaysWhereItBelongs() {
        assertThat(error("ehlo: a.test\nmax_connections: 5\n"))
                .isEqualTo("t.yaml:2:1: unknown key 'max_connections' at the top level; shaping keys go under defaults: (or in a shaping: rule)");
    }

    // --- values

    @Test
    void aWholeNumberThatIsNotOne() {
        assertThat(error("defaults:\n  max_connections: ten\n"))
                .isEqualTo("t.yaml:2:20: max_connections must be a whole number from 1 to 10000, got 'ten'");
        assertThat(error("defaults:\n  max_connections: 2.5\n")).startsWith("t.yaml:2:20: max_connections must be a whole number");
    }

    @Test
    void aWholeNumberOutOfRange() {
        assertThat(error("defaults:\n  max_recipients_per_transaction: 5000\n"))
                .isEqualTo("t.yaml:2:35: max_recipients_per_transaction must be a whole number from 1 to 1000, got '5000'");
        assertThat(error("defaults:\n  max_connections: 0\n")).startsWith("t.yaml:2:20: max_connections must be a whole number from 1 to 10000, got '0'");
        assertThat(error("defaults:\n  max_connections: 99999999999\n")).endsWith("got '99999999999'");
    }

    @Test
    void aDecimalOutOfRangeOrNotANumber() {
        assertThat(error("retry:\n  jitter: 1.5\n")).isEqualTo("t.yaml:2:11: jitter must be a number from 0.0 to 1.0, got '1.5'");
        assertThat(error("retry:\n  factor: double\n")).isEqualTo("t.yaml:2:11: factor must be a number from 1.0 to 10.0, got 'double'");
        assertThat(error("defaults:\n  backoff: {slowdown_factor: 0}\n")).startsWith("t.yaml:2:30: slowdown_factor must be a number from 0.01 to 1.0");
    }

    @Test
    void aDurationWithoutAUnitOrOutOfRange() {
        assertThat(error("defaults:\n  idle_timeout: 30\n")).isEqualTo("t.yaml:2:17: idle_timeout must be a duration from 1s to 1h"
                + " written as a number and a unit (250ms, 30s, 5m, 4h, 3d), got '30'");
        assertThat(error("defaults:\n  idle_timeout: 2h\n")).startsWith("t.yaml:2:17: idle_timeout must be a duration from 1s to 1h");
        assertThat(error("retry:\n  max_age: 3 weeks\n")).startsWith("t.yaml:2:12: max_age must be a duration from 1m to 30d");
    }

    @Test
    void aRateThatIsNotOne() {
        assertThat(error("defaults:\n  rate: 100 per second\n")).isEqualTo("t.yaml:2:9: rate must be 'unlimited' or count/period"
                + " such as 100/s, 3000/min, 50000/h or 10/5s, got '100 per second'");
    }

    @Test
    void aValueOfTheWrongShape() {
        assertThat(error("defaults:\n  max_connections: [1]\n")).isEqualTo("t.yaml:2:20: max_connections must be a whole number from 1 to 10000, got a list");
        assertThat(error("defaults:\n  max_connections:\n")).endsWith("got nothing");
        assertThat(error("defaults: 5\n")).isEqualTo("t.yaml:1:11: defaults must be a mapping of keys to values, got '5'");
        assertThat(error("routes: {domains: x}\n")).isEqualTo("t.yaml:1:9: routes must be a list (items start with '- '), got a mapping");
        assertThat(error("ehlo: {a: b}\n")).isEqualTo("t.yaml:1:7: ehlo must be text, got a mapping");
    }

    @Test
    void anEhloThatIsNoHostName() {
        assertThat(error("ehlo: not a name\n")).startsWith("t.yaml:1:7: ehlo must be this host's fully qualified domain name");
        assertThat(ConfigLoader.parse("ehlo: \"[192.0.2.1]\"\n", "t.yaml").ehloName()).isEqualTo("[192.0.2.1]");
    }

    // --- retry

    @Test
    void retryIntervalsThatContradictEachOther() {
        assertThat(error("retry:\n  initial: 1h\n  max_interval: 10m\n"))
                .isEqualTo("t.yaml:3:17: max_interval (10m) must not be shorter than initial (1h)");
        assertThat(error("retry:\n  initial: 5h\n  max_interval: 6h\n  max_age: 1h\n"))
                .startsWith("t.yaml:4:12: max_age (1h) must not be shorter than initial (5h)");
    }

    // --- routes

    @Test
    void aRouteWithoutDomains() {
        assertThat(error("routes:\n  - mx: {}\n")).startsWith("t.yaml:2:5: a route needs domains: a list of patterns");
        assertThat(error("routes:\n  - domains: []\n    mx: {}\n")).isEqualTo("t.yaml:2:14: domains must list at least one pattern");
        assertThat(error("routes: []\n")).startsWith("t.yaml:1:9: routes must list at least one route");
    }

    @Test
    void aBadDomainPattern() {
        assertThat(error("routes:\n  - domains: [\"foo*.com\"]\n    mx: {}\n"))
                .isEqualTo("t.yaml:2:15: each domain must be a pattern such as \"*\", example.com or \"*.example.com\", got 'foo*.com'");
    }

    @Test
    void aRouteNeedsExactlyOneOfRelayAndMx() {
        assertThat(error("routes:\n  - domains: [a.test]\n")).startsWith("t.yaml:2:5: a route needs exactly one of relay:");
        assertThat(error("routes:\n  - domains: [a.test]\n    mx: {}\n    relay: {host: h}\n"))
                .startsWith("t.yaml:2:5: a route needs exactly one of relay:");
        assertThat(error("routes:\n  - domains: [a.test]\n    mx: {ttl: 5}\n"))
                .isEqualTo("t.yaml:3:10: mx takes no keys; write mx: {}");
    }

    @Test
    void aDomainRoutedTwice() {
        assertThat(error("routes:\n  - domains: [a.test, \"*\"]\n    mx: {}\n  - domains: [\"*.b.test\", A.Test]\n    relay: {host: h}\n"))
                .isEqualTo("t.yaml:4:27: 'a.test' is already routed on line 2; each pattern may appear in one route only");
    }

    // --- relays

    @Test
    void aRelayWithoutAHost() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {port: 25}\n"))
                .isEqualTo("t.yaml:3:12: relay needs host: the smarthost's name or IP address");
    }

    @Test
    void aRelayPortOutOfRange() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, port: 70000}\n"))
                .isEqualTo("t.yaml:3:28: port must be a whole number from 1 to 65535, got '70000'");
    }

    @Test
    void anUnknownTlsMode() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, tls: startls}\n"))
                .isEqualTo("t.yaml:3:27: tls must be one of starttls, opportunistic, implicit, none, got 'startls' (did you mean 'starttls'?)");
    }

    @Test
    void aTrustFileThatCannotBeRead(@TempDir Path dir) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("routes:\n  - domains: [\"*\"]\n    relay: {host: h, trust: " + dir.resolve("nope.pem") + "}\n", "t.yaml"));
        assertThat(e.getMessage()).startsWith("t.yaml:3:29: trust must be system, insecure-trust-all, or the path of a PEM file; cannot read ");
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, trust: sytem}\n")).endsWith("(did you mean 'system'?)");
    }

    @Test
    void trustWithoutTls() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, tls: none, trust: insecure-trust-all}\n"))
                .isEqualTo("t.yaml:3:40: trust has no effect with tls: none; remove it or choose a tls mode");
    }

    @Test
    void aPasswordWithoutAUserAndTheReverse() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, password_env: P}\n"))
                .isEqualTo("t.yaml:3:36: password_env needs user: the name to log in with");
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, user: u}\n"))
                .isEqualTo("t.yaml:3:28: user needs password_env: the environment variable that holds the password");
    }

    @Test
    void aPasswordEnvThatIsNoVariableName() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, user: u, password_env: \"hunter 2\"}\n"))
                .startsWith("t.yaml:3:45: password_env must name an environment variable (letters, digits, underscores), got 'hunter 2'");
    }

    @Test
    void authInTheClear() {
        assertThat(error("routes:\n  - domains: [\"*\"]\n    relay: {host: h, tls: none, user: u, password_env: P}\n"))
                .startsWith("t.yaml:3:39: AUTH over tls: none would send the password in clear");
    }

    // --- rollup

    @Test
    void rollupRulesNeedAGoodPatternAndSite() {
        assertThat(error("rollup:\n  - {mx: \"*.g.test\"}\n")).startsWith("t.yaml:2:5: a rollup rule needs mx:");
        assertThat(error("rollup:\n  - {mx: \"*\", site: all}\n")).startsWith("t.yaml:2:10: mx must be an MX host pattern");
        assertThat(error("rollup:\n  - {mx: \"*.g.test\", site: g.test}\n"))
                .startsWith("t.yaml:2:28: site must be one lower-case word (letters, digits, - and _, no dots) such as google, got 'g.test'");
        assertThat(error("rollup:\n  - {mx: \"*.g.test\", site: g}\n  - {mx: \"*.G.test\", site: h}\n"))
                .isEqualTo("t.yaml:3:10: '*.g.test' already rolls up on line 2; each mx pattern may appear once");
    }

    // --- shaping

    @Test
    void aShapingRuleForASiteThatDoesNotExist() {
        assertThat(error("shaping:\n  - match: gogle\n    max_connections: 3\n"))
                .startsWith("t.yaml:2:12: match 'gogle' is not a site in rollup (did you mean 'google'?); expected one of google, microsoft, ");
        assertThat(error("rollup: []\nshaping:\n  - match: google\n")).isEqualTo("t.yaml:3:12: match 'google' names a rollup site, but rollup is empty; match a domain pattern such as example.com");
    }

    @Test
    void shapingRulesNeedAUsefulMatch() {
        assertThat(error("shaping:\n  - max_connections: 3\n")).startsWith("t.yaml:2:5: a shaping rule needs match:");
        assertThat(error("shaping:\n  - match: \"*\"\n")).startsWith("t.yaml:2:12: match: \"*\" would be every destination; put those limits under defaults:");
        assertThat(error("shaping:\n  - match: \"a*.test\"\n")).startsWith("t.yaml:2:12: match must be a rollup site such as google, or a domain pattern");
        assertThat(error("shaping:\n  - match: google\n  - match: Google\n"))
                .isEqualTo("t.yaml:3:12: 'google' already has a shaping rule on line 2; merge the two");
        assertThat(error("shaping:\n  - match: google\n    max_conns: 3\n")).startsWith("t.yaml:3:5: unknown key 'max_conns' in a shaping rule");
    }

    // --- test mode

    @Test
    void testModeOverridesMustBePatternsToHostPort() {
        assertThat(error("test_mode:\n  mx_override:\n    \"*\": localhost\n"))
                .isEqualTo("t.yaml:3:10: mx_override values must be host:port, as 127.0.0.1:2525 or [::1]:2525, got 'localhost'");
        assertThat(error("test_mode:\n  mx_override:\n    \"a*\": h:25\n")).startsWith("t.yaml:3:5: mx_override keys must be domain patterns");
        assertThat(error("test_mode:\n  mx_override: [h:25]\n")).startsWith("t.yaml:2:16: mx_override must map domain patterns to host:port");
        assertThat(error("test_mode:\n  mx_override:\n    a.test: h:25\n    A.test: h:26\n")).isEqualTo("t.yaml:4:5: 'a.test' appears twice in mx_override");
    }

    // --- anchors

    @Test
    void anAliasWithoutAnAnchor() {
        assertThat(error("shaping:\n  - match: google\n    <<: *limits\n")).startsWith("t.yaml:3:9: alias *limits names no anchored mapping or list above it; define &limits");
    }

    @Test
    void aMergeOfSomethingOtherThanAMapping() {
        assertThat(error("x: &n [1]\nshaping:\n  - match: google\n    <<: *n\n")).isEqualTo("t.yaml:1:8: << merges a mapping, such as <<: *shared_limits; got '1'");
    }

    // --- the file

    @Test
    void aFileThatCannotBeReadNamesIt(@TempDir Path dir) {
        Path missing = dir.resolve("salvo.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(missing + ": cannot read: ");
    }

    @Test
    void theExceptionCarriesThePlace() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("defaults:\n  rate: fast\n", "x.yaml"));
        assertThat(e.source()).isEqualTo("x.yaml");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(9);
    }

    // --- spool

    @Test
    void theSpoolSectionIsReadAndItsMistakesArePlaced() {
        SpoolConfig none = ConfigLoader.parse("ehlo: a.test\n", "t.yaml").spool();
        assertThat(none).isEqualTo(SpoolConfig.NONE);
        SpoolConfig batched = ConfigLoader.parse("spool:\n  dir: /var/spool/salvo\n  mode: batched\n  window: 50ms\n", "t.yaml").spool();
        assertThat(batched).isEqualTo(new SpoolConfig(Path.of("/var/spool/salvo"), SpoolConfig.Mode.BATCHED, java.time.Duration.ofMillis(50)));
        assertThat(ConfigLoader.parse("spool:\n  dir: /s\n", "t.yaml").spool().mode()).isEqualTo(SpoolConfig.Mode.SYNC);
        assertThat(error("spool:\n  dir: /s\n  mode: fast\n")).startsWith("t.yaml:3:9: mode must be sync (fsync before acknowledging),");
        assertThat(error("spool:\n  mode: sync\n")).startsWith("t.yaml:2:3: spool: needs dir:");
        assertThat(error("spool:\n  dir: /s\n  window: 5ms\n")).startsWith("t.yaml:3:11: window is the fsync window of mode: batched");
        assertThat(error("spool:\n  dir: /s\n  mode: batched\n  window: 1h\n")).startsWith("t.yaml:4:11: window must be a duration from");
        assertThat(error("spool:\n  dri: /s\n")).startsWith("t.yaml:2:3: unknown key 'dri' in spool (did you mean 'dir'?)");
    }
}
