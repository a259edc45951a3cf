package dev.salvo.cli;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.campaign.CampaignException;
import dev.salvo.campaign.RecipientCsv;
import dev.salvo.campaign.RecipientRow;
import dev.salvo.campaign.RenderContext;
import dev.salvo.campaign.Template;
import dev.salvo.dkim.BodyHash;
import dev.salvo.dkim.DkimSigner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A campaign through the engine: each CSV row rendered from the template and submitted, with
 * progress while it runs and a summary by outcome, destination and reply at the end. Rendering is
 * paced by the engine's backpressure, so memory stays bounded however long the list is.
 */
record CampaignJob(
        EngineOptions engine,
        EmailAddress sender,
        Path recipients,
        RecipientCsv.BadRows badRows,
        Path template,
        String campaignId,
        DkimSigner signer,
        ProgressLine.Mode progressMode,
        VerpCodec verp) {

    /** A campaign whose envelope sender is {@code sender} as given (no VERP). */
    CampaignJob(EngineOptions engine, EmailAddress sender, Path recipients, RecipientCsv.BadRows badRows, Path template,
            String campaignId, DkimSigner signer, ProgressLine.Mode progressMode) {
        this(engine, sender, recipients, badRows, template, campaignId, signer, progressMode, null);
    }

    /** Runs the campaign; returns the final counts. */
    EngineStats run(PrintWriter out, PrintWriter err) throws InterruptedException {
        long start = System.nanoTime();
        CampaignReport report = new CampaignReport();
        try (RecipientCsv csv = RecipientCsv.open(recipients, badRows);
                SalvoEngine salvo = SalvoEngine.start(engine)) {
            Template t = Template.load(template, csv.fieldNames());
            salvo.addListener(report);
            csv.onBadRow(bad -> {
                err.println("salvo: " + recipients + " line " + bad.line() + ": " + bad.reason());
                salvo.reject(bad.raw(), "line " + bad.line() + ": " + bad.reason());
            });
            CampaignProgress progress = new CampaignProgress(err, progressMode, start);
            RenderContext ctx = new RenderContext(campaignId, 0, Instant.now());
            long rows = 0;
            RecipientRow row;
            BodyHashOnce bodyHash = new BodyHashOnce();
            while ((row = csv.next()) != null) {
                rows++;
                MessageContent m;
                try {
                    m = signed(t.render(row, ctx.withSequence(rows)), t.isStatic() ? bodyHash : null);
                } catch (CampaignException e) {
                    if (badRows == RecipientCsv.BadRows.FAIL) {
                        throw e;
                    }
                    err.println("salvo: " + e.getMessage());
                    salvo.reject(row.email().address(), e.getMessage());
                    continue;
                }
                try {
                    submit(salvo, new Submission(returnPath(row.email(), rows), List.of(row.email()), m, campaignId,
                            dev.salvo.smtp.DsnOptions.NONE),
                            progress);
                } finally {
                    m.release(); // the engine holds its own reference once it accepted the message
                }
                progress.update(salvo.stats(), -1, false);
            }
            while (!salvo.awaitFinished(Duration.ofMillis(200))) {
                progress.update(salvo.stats(), -1, false);
            }
            progress.update(salvo.stats(), -1, true);
            progress.finish();
            EngineStats s = salvo.stats();
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("campaign %s: %,d recipients in %.2f s (%,.1f messages/s)%n", campaignId, s.accepted() + s.rejected(),
                    seconds, (s.delivered() + s.bounced()) / Math.max(seconds, 1e-9));
            out.printf("  delivered %,d  bounced %,d  expired %,d  rejected %,d  (deferred attempts %,d)%n",
                    s.delivered(), s.bounced(), s.expired(), s.rejected(), s.deferred());
            report.print(out);
            out.flush();
            return s;
        } catch (CampaignException e) {
            throw new UserError(e.getMessage());
        }
    }

    /**
     * The envelope sender for one recipient: with VERP, PREFIX+TOKEN@DOMAIN naming this message (by its
     * row, which is also in its Message-ID) and recipient, so a late bounce can be matched; else --from.
     */
    private EmailAddress returnPath(EmailAddress recipient, long row) {
        return verp == null ? sender : EmailAddress.parse(verp.encode(VerpCodec.campaignRef(campaignId, row), recipient.address()));
    }

    /**
     * DKIM-signs a rendered message here, on the CLI's rendering thread, never on an event loop.
     * The signer reads the unstuffed bytes; the signed message is prepared again for sending.
     */
    private MessageContent signed(MessageContent rendered, BodyHashOnce sameBody) {
        if (signer == null) {
            return rendered;
        }
        try {
            ByteBuf b = rendered.bdatPayload();
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(b);
            } finally {
                b.release();
            }
            return MessageContent.of(sameBody == null ? signer.sign(bytes) : signer.sign(bytes, sameBody.of(signer, bytes)));
        } finally {
            rendered.release();
        }
    }

    /** A body that is the same for every recipient is hashed for DKIM once, not once per message. */
    private static final class BodyHashOnce {
        private BodyHash hash;

        BodyHash of(DkimSigner signer, byte[] message) {
            if (hash == null) {
                int body = bodyStart(message);
                hash = signer.bodyHash(java.util.Arrays.copyOfRange(message, body, message.length));
            }
            return hash;
        }

        private static int bodyStart(byte[] m) {
            for (int i = 0; i + 3 < m.length; i++) {
                if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                    return i + 4;
                }
            }
            return m.length;
        }
    }

    private static void submit(SalvoEngine salvo, Submission s, CampaignProgress progress) {
        while (true) {
            SubmitResult r = salvo.submit(s);
            if (r.accepted()) {
                return;
            }
            if (r.status() == SubmitResult.Status.REJECTED) {
                throw new UserError("the engine refused a message: " + r.reason());
            }
            // BACKPRESSURE: the engine is full; the CLI, not the engine, waits a moment.
            progress.update(salvo.stats(), -1, false);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
