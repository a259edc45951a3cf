package dev.salvo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.config.SalvoConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

    @Test
    void eachWitherChangesItsComponentAndKeepsTheOthers() {
        EngineOptions base = EngineOptions.of(SalvoConfig.defaultConfig()).withMxPort(2525).withIoThreads(3);
        Path events = Path.of("events.jsonl");
        List<InetSocketAddress> dns = List.of(new InetSocketAddress("127.0.0.1", 5353));
        LongSupplier nanos = () -> 42L;
        Clock wall = Clock.systemDefaultZone();

        EngineOptions changed = base.withEvents(events).withDnsServers(dns).withIngestCapacity(1024).withClocks(nanos, wall);

        assertThat(changed).isEqualTo(new EngineOptions(base.config(), events, base.metrics(), dns, 1024, 3, base.env(),
                nanos, wall, 2525, base.relay(), base.bounces(), base.spool(), base.renderers()));
        assertThat(base.eventsFile()).isNull(); // the original is untouched
        assertThat(base.ingestCapacity()).isEqualTo(65_536);
    }

    @Test
    void aWitherGoesThroughTheConstructorsChecks() {
        EngineOptions base = EngineOptions.of(SalvoConfig.defaultConfig());
        assertThatThrownBy(() -> base.withIngestCapacity(8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ingestCapacity must be at least 16");
        assertThatThrownBy(() -> base.withBounces(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("bounces");
    }
}
