package dev.salvo.bounce;

import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;

import dev.salvo.config.BounceRulesLoader;
import dev.salvo.smtp.SmtpReply;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Classifier#classify(SmtpReply)} with the shipped rules, as the dispatch thread calls it
 * for every refusal (on a plain thread: the dispatch thread is not an event loop). It promises to
 * allocate nothing, so each benchmark should report ~0 B/op.
 *
 * <ul>
 *   <li>{@code gmailNoSuchUser}: decided by the first rule (a phrase).
 *   <li>{@code postfixUserUnknown}: decided some 90 rules in, after many phrase and regex tests.
 *   <li>{@code unknown5xx}: no rule matches, so every rule for 550 is tried: the worst case.
 *   <li>{@code mix}: 16 real replies in turn (phrases, regexes, enhanced-code rules, fallbacks).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION})
public class ClassifierBenchmark {
    private final Classifier rules = BounceRulesLoader.defaults();
    private final SmtpReply gmail = SmtpReply.local(550, "5.1.1", "The email account that you tried to reach does not exist."
            + " Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at"
            + " https://support.google.com/mail/?p=NoSuchUser d2e1a72fcca58-6c8d3c2e5b2si1234567b3a.321 - gsmtp");
    private final SmtpReply postfix = SmtpReply.local(550, "5.1.1",
            "<nobody@example.com>: Recipient address rejected: User unknown in local recipient table");
    private final SmtpReply unknown = SmtpReply.local(550, null, "Rejected for reasons of our own, see https://mx.example.net/why");
    private final SmtpReply[] mix = {
        gmail,
        postfix,
        unknown,
        SmtpReply.local(421, "4.7.28", "[203.0.113.5 15] Our system has detected an unusual rate of unsolicited mail"),
        SmtpReply.local(421, "4.7.0", "[TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume"
                + " or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes"),
        SmtpReply.local(550, "5.7.1", "Service unavailable, Client host [203.0.113.5] blocked using Spamhaus. To request"
                + " removal from this list see https://www.spamhaus.org/query/ip/203.0.113.5"),
        SmtpReply.local(451, "4.7.500", "Server busy. Please try again later from [203.0.113.5]. (S77714)"),
        SmtpReply.local(550, null, "Connection frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722"),
        SmtpReply.local(450, "4.7.1", "<someone@example.com>: Recipient address rejected: Greylisted for 300 seconds"),
        SmtpReply.local(552, "5.2.2", "<someone@example.com>: Recipient address rejected: Mailbox full"),
        SmtpReply.local(554, "5.7.9", "Message not accepted for policy reasons.  See https://postmaster.yahooinc.com/error-codes"),
        SmtpReply.local(550, "5.7.26", "Unauthenticated email from example.com is not accepted due to domain's DMARC policy."),
        SmtpReply.local(421, "4.4.2", "the connection was lost"),
        SmtpReply.local(511, null, "sorry, no mailbox here by that name (#5.1.1)"),
        SmtpReply.local(450, "4.2.1", "Mailbox busy, try again"),
        SmtpReply.local(503, null, "Bad sequence of commands"),
    };
    private int next;

    @Benchmark
    public Classification gmailNoSuchUser() {
        return rules.classify(gmail);
    }

    @Benchmark
    public Classification postfixUserUnknown() {
        return rules.classify(postfix);
    }

    @Benchmark
    public Classification unknown5xx() {
        return rules.classify(unknown);
    }

    @Benchmark
    public Classification mix() {
        return rules.classify(mix[next++ & 15]);
    }
}
