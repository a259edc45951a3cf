package dev.salvo.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailAddressTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("alice@example.com", "alice", "example.com", false),
                Arguments.of("a@b", "a", "b", false),
                Arguments.of("first.last+tag@mail.example.co.uk", "first.last+tag", "mail.example.co.uk", false),
                Arguments.of("!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~", "example.com", false),
                Arguments.of("\"john doe\"@example.com", "\"john doe\"", "example.com", false),
                Arguments.of("\"a@b<c>\"@example.com", "\"a@b<c>\"", "example.com", false),
                Arguments.of("\"esc\\\"aped\"@example.com", "\"esc\\\"aped\"", "example.com", false),
                Arguments.of("user@[192.0.2.1]", "user", "[192.0.2.1]", false),
                Arguments.of("user@[IPv6:2001:db8::1]", "user", "[IPv6:2001:db8::1]", false),
                Arguments.of("user@[IPv6:::1]", "user", "[IPv6:::1]", false),
                Arguments.of("x@a-b.example", "x", "a-b.example", false),
                Arguments.of("x@xn--bcher-kva.example", "x", "xn--bcher-kva.example", false),
                Arguments.of("j\u00f6rg@b\u00fccher.example", "j\u00f6rg", "b\u00fccher.example", true),
                Arguments.of("\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a", "\u7528\u6237", "\u4f8b\u5b50.\u5e7f\u544a", true),
                Arguments.of("ascii@\u00e9xample.com", "ascii", "\u00e9xample.com", true),
                Arguments.of("\"\u00e9\"@example.com", "\"\u00e9\"", "example.com", true),
                Arguments.of("smile\uD83D\uDE00@example.com", "smile\uD83D\uDE00", "example.com", true),
                Arguments.of("l".repeat(64) + "@example.com", "l".repeat(64), "example.com", false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valid")
    void parsesValidAddresses(String raw, String local, String domain, boolean utf8) {
        EmailAddress address = EmailAddress.parse(raw);
        assertThat(address.address()).isEqualTo(raw);
        assertThat(address.localPart()).isEqualTo(local);
        assertThat(address.domain()).isEqualTo(domain);
        assertThat(address.needsSmtpUtf8()).isEqualTo(utf8);
        assertThat(address.isNullSender()).isFalse();
        assertThat(address.utf8Bytes()).isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(address.utf8Bytes()).isSameAs(address.utf8Bytes());
    }

    static Stream<Arguments> invalid() {
        String label63 = "d".repeat(63);
        return Stream.of(
                Arguments.of(null, "missing"),
                Arguments.of("", "is empty"),
                Arguments.of("alice@example.com\r\nRCPT TO:<x@y>", "invalid email address \"alice@example.com\\r\\nRCPT "
                        + "TO:<x@y>\": contains a line break: header/command injection is not allowed"),
                Arguments.of("a\n@b", "contains a line break"),
                Arguments.of("a\r@b", "\"a\\r@b\": contains a line break"),
                Arguments.of("a\0@b", "\"a\\x00@b\": contains the control character U+0000"),
                Arguments.of("a\t@b", "control character U+0009"),
                Arguments.of("a\u007f@b", "control character U+007F"),
                Arguments.of("a\u0085@b", "control character U+0085"),
                Arguments.of(" alice@example.com", "leading or trailing whitespace"),
                Arguments.of("alice@example.com ", "leading or trailing whitespace"),
                Arguments.of("alice.example.com", "has no '@'"),
                Arguments.of("@example.com", "empty local part"),
                Arguments.of("alice@", "empty domain"),
                Arguments.of("a@b@example.com", "has more than one '@' outside quotes"),
                Arguments.of("<alice@example.com>", "has angle brackets, which belong to the SMTP command"),
                Arguments.of("alice@example.com>", "has angle brackets"),
                Arguments.of("al<ice@example.com", "the character '<' in the local part is only allowed inside quotes"),
                Arguments.of("alice@exa>mple.com", "the character '>' is not allowed in a domain"),
                Arguments.of("john doe@example.com", "a space in the local part is only allowed inside quotes"),
                Arguments.of("john\u00a0doe@example.com", "a space in the local part"),
                Arguments.of("a,b@example.com", "the character ','"),
                Arguments.of(".alice@example.com", "starts or ends with '.'"),
                Arguments.of("alice.@example.com", "starts or ends with '.'"),
                Arguments.of("al..ice@example.com", "two dots in a row"),
                Arguments.of("\"unterminated@example.com", "without its closing '\"'"),
                Arguments.of("\"a\"b@example.com", "without its closing '\"'"),
                Arguments.of("\"a\"b\"@example.com", "has a '\"' inside the quoted local part"),
                Arguments.of("\"\"@example.com", "empty quoted local part"),
                Arguments.of("\"a\\\"@example.com", "lone backslash"),
                Arguments.of("l".repeat(65) + "@example.com", "local part of 65 octets; RFC 5321 §4.5.3.1.1"),
                Arguments.of("\u00e9".repeat(33) + "@example.com", "local part of 66 octets"),
                Arguments.of("a@" + (label63 + ".").repeat(3) + "d".repeat(62), "is 256 octets long; RFC 5321 §4.5.3.1.3"),
                Arguments.of("a@" + "d".repeat(64) + ".com", "domain label of 64 octets; RFC 1035"),
                Arguments.of("a@example..com", "empty domain label"),
                Arguments.of("a@.example.com", "empty domain label"),
                Arguments.of("a@example.com.", "empty domain label"),
                Arguments.of("a@-example.com", "\"-example\" that starts or ends with '-'"),
                Arguments.of("a@example-.com", "starts or ends with '-'"),
                Arguments.of("a@exa_mple.com", "the character '_' is not allowed in a domain"),
                Arguments.of("a@exa mple.com", "a space is not allowed in a domain"),
                Arguments.of("a@exa\u3000mple.com", "a space is not allowed in a domain"),
                Arguments.of("a@[192.0.2.1", "without its closing ']'"),
                Arguments.of("a@[300.0.2.1]", "neither [IPv4]"),
                Arguments.of("a@[IPv6:zz::1]", "neither [IPv4]"),
                Arguments.of("a@[example.com]", "neither [IPv4]"),
                Arguments.of("a\uD800@example.com", "broken UTF-16 surrogate"),
                Arguments.of("a@b\u2028.com", "contains a line break"),
                Arguments.of("\ufeffalice@example.com", "byte-order mark (U+FEFF)"),
                Arguments.of("ali\u200bce@example.com", "invisible formatting character U+200B"),
                Arguments.of("\u00a0alice@example.com", "leading or trailing whitespace"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalid")
    void rejectsInvalidAddressesSayingWhy(String raw, String fragment) {
        assertThatThrownBy(() -> EmailAddress.parse(raw))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void errorsQuoteTheAddressAndCutLongOnesShort() {
        String longRaw = "x".repeat(300) + "\n";
        assertThatThrownBy(() -> EmailAddress.parse(longRaw))
                .hasMessageStartingWith("invalid email address \"" + "x".repeat(120) + "\"... (301 characters)")
                .hasMessageEndingWith("contains a line break: header/command injection is not allowed");
    }

    @Test
    void nullSenderIsTheEmptyReversePath() {
        EmailAddress sender = EmailAddress.nullSender();
        assertThat(sender.isNullSender()).isTrue();
        assertThat(sender.address()).isEmpty();
        assertThat(sender.localPart()).isEmpty();
        assertThat(sender.domain()).isEmpty();
        assertThat(sender.utf8Bytes()).isEmpty();
        assertThat(sender.needsSmtpUtf8()).isFalse();
        assertThat(sender).hasToString("<>").isSameAs(EmailAddress.nullSender());
    }

    @Test
    void domainsCompareWithoutCaseButLocalPartsExactly() {
        EmailAddress lower = EmailAddress.parse("alice@example.com");
        assertThat(lower).isEqualTo(EmailAddress.parse("alice@EXAMPLE.com"))
                .hasSameHashCodeAs(EmailAddress.parse("alice@EXAMPLE.com"))
                .isNotEqualTo(EmailAddress.parse("Alice@example.com"))
                .isNotEqualTo(EmailAddress.nullSender())
                .hasToString("<alice@example.com>");
        assertThat(EmailAddress.parse("alice@EXAMPLE.com").domain()).isEqualTo("EXAMPLE.com");
    }
}
