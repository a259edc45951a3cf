package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayAddressTest {
    @Test
    void acceptsNamesIpv4AndBracketedIpv6() {
        assertThat(RelayAddress.parse("smtp.example.com:587")).isEqualTo(new RelayAddress("smtp.example.com", 587));
        assertThat(RelayAddress.parse("127.0.0.1:2525")).isEqualTo(new RelayAddress("127.0.0.1", 2525));
        assertThat(RelayAddress.parse("[::1]:2525")).isEqualTo(new RelayAddress("::1", 2525));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.example.com", "::1:25", "[::1]25", "[::1]", ":25", "host:0", "host:65536", "host:smtp", "host:"})
    void refusesAnythingElseSayingWhy(String text) {
        assertThatThrownBy(() -> RelayAddress.parse(text))
                .isInstanceOf(UserError.class)
                .hasMessageStartingWith("--relay '" + text + "' is not host:port: ");
    }
}
