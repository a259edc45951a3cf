package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.LeakFailingExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink with an {@link InboundHandler}: refusals at RCPT, delivery off the event loop, 451 on failure. */
@ExtendWith(LeakFailingExtension.class)
class InboundHandlerTest {

    @Test
    void handlerRefusesAtRcptTakesMessagesOffTheEventLoopAndA451KeepsTheMessageWithTheClient() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> delivered = new CopyOnWriteArrayList<>();
        AtomicBoolean fail = new AtomicBoolean(true);
        InboundHandler handler = new InboundHandler() {
            @Override
            public String refuseRecipient(String address) {
                return address.startsWith("no") ? "550 5.7.1 Not here" : null;
            }

            @Override
            public void deliver(ReceivedMessage message) throws IOException {
                threads.add(Thread.currentThread().getName());
                if (fail.getAndSet(false)) {
                    throw new IOException("disk full");
                }
                delivered.add(message);
            }
        };
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build(), handler);
                SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<nobody@x.test>")).startsWith("550 5.7.1 Not here");
            assertThat(c.command("RCPT TO:<yes@x.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            assertThat(c.command("Subject: one\r\n\r\nbody\r\n.")).startsWith("451 4.3.0");
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<yes@x.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            assertThat(c.command("Subject: two\r\n\r\nbody\r\n.")).startsWith("250");
            assertThat(sink.stats().recipientsRejected()).isEqualTo(1);
        }
        assertThat(delivered).singleElement().satisfies(m -> {
            assertThat(m.recipients()).containsExactly("yes@x.test");
            assertThat(new String(m.content())).startsWith("Subject: two");
        });
        assertThat(threads).hasSize(2).allSatisfy(t -> assertThat(t).isEqualTo("salvo-sink-handler"));
    }
}
