package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.smtp.SmtpReply;
import org.junit.jupiter.api.Test;

class ReplyClassTest {
    @Test
    void classesFollowTheEnhancedCodeSubject() {
        assertThat(ReplyClass.of(SmtpReply.local(250, "2.0.0", "ok"))).isEqualTo("none");
        assertThat(ReplyClass.of(SmtpReply.local(550, "5.1.1", "no such user"))).isEqualTo("addressing");
        assertThat(ReplyClass.of(SmtpReply.local(452, "4.2.2", "mailbox full"))).isEqualTo("mailbox");
        assertThat(ReplyClass.of(SmtpReply.local(421, "4.4.2", "lost"))).isEqualTo("network");
        assertThat(ReplyClass.of(SmtpReply.local(421, "4.7.28", "rate"))).isEqualTo("policy");
        assertThat(ReplyClass.of(SmtpReply.local(554, null, "no"))).isEqualTo("permanent");
        assertThat(ReplyClass.of(SmtpReply.local(451, null, "later"))).isEqualTo("transient");
    }
}
