package dev.salvo.cli;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.api.SalvoEngine;
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
import dev.salvo.api.Recovery;
import dev.salvo.api.CampaignRenderer;
import dev.salvo.api.CampaignRow;

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
        try (RecipientCsv csv = RecipientCsv.open(recipients, badRows)) {
            Template current = Template.load(template, csv.fieldNames());
            byte[] currentBytes = readTemplate();
            BodyHashOnce bodyHash = new BodyHashOnce();
            // Campaign recipients found in the spool at start are rendered again from the stored template and fields.
            CampaignRenderer renderer = new CampaignRenderer() {
                @Override
                public MessageContent render(byte[] record, EmailAddress to, byte[] fields, int row) {
                    CampaignRecord.Stored st = CampaignRecord.read(record);
                    Template tt = st.template(current, currentBytes, csv.fieldNames());
                    return signed(tt.render(new RecipientRow(0, to, CampaignRecord.values(fields)),
                            st.context(campaignId).withSequence(row)), tt.isStatic() ? bodyHash : null);
                }

                @Override
                public EmailAddress returnPath(EmailAddress campaignSender, EmailAddress to, int row) {
                    return CampaignJob.this.returnPath(to, row); // the VERP address it was first sent with
                }
            };
            try (SalvoEngine salvo = SalvoEngine.start(engine.withRenderers(id -> id.equals(campaignId) ? renderer : null))) {
                return run(out, err, csv, salvo, current, currentBytes, bodyHash, report, start);
            }
        } catch (CampaignException e) {
            throw new UserError(e.getMessage());
        }
    }

    private byte[] readTemplate() {
        try {
            return java.nio.file.Files.readAllBytes(template);
        } catch (java.io.IOException e) {
            throw new UserError("--template " + template + ": " + e.getMessage());
        }
    }

    private EngineStats run(PrintWriter out, PrintWriter err, RecipientCsv csv, SalvoEngine salvo, Template current,
            byte[] currentBytes, BodyHashOnce bodyHash, CampaignReport report, long start) throws InterruptedException {
        {
            salvo.addListener(report);
            boolean spooled = engine.spool() != null;
            RenderContext ctx = new RenderContext(campaignId, 0, Instant.now());
            Template t = current;
            long skip = 0;
            if (spooled) {
                // The template is stored once; each row is a compact record with its merge fields. A campaign the
                // spool knows already keeps its stored template, Date and Message-ID salt, and the rows it took are skipped.
                SalvoEngine.OpenedCampaign oc = salvo.openCampaign(campaignId, sender, dev.salvo.smtp.DsnOptions.NONE,
                        CampaignRecord.template(ctx.now(), java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1,
                                csv.fieldNames(), currentBytes));
                CampaignRecord.Stored st = CampaignRecord.read(oc.template());
                ctx = st.context(campaignId);
                t = st.template(current, currentBytes, csv.fieldNames());
                if (t != current) {
                    err.println("salvo: campaign " + campaignId + ": the template or the list's columns changed since it started;"
                            + " the stored template goes on being used");
                }
                skip = oc.rowsDone();
            }
            Recovery rec = salvo.recovery();
            if (rec.recipients() > 0) {
                err.printf("salvo: resumed %,d recipients from the spool (%,d found in flight may arrive twice; their events say so)%n",
                        rec.recipients(), rec.possibleDuplicates());
            }
            if (skip > 0) {
                err.printf("salvo: campaign %s: an earlier run took the first %,d rows; going on from there%n", campaignId, skip);
            }
            long[] at = {0};
            long skipped = skip;
            csv.onBadRow(bad -> {
                if (at[0] < skipped) {
                    return; // reported by the run that read it first
                }
                err.println("salvo: " + recipients + " line " + bad.line() + ": " + bad.reason());
                salvo.reject(bad.raw(), "line " + bad.line() + ": " + bad.reason());
            });
            Intake intake = new Intake();
            CampaignProgress progress = new CampaignProgress(err, progressMode, start);
            long rows = 0;
            RecipientRow row;
            Template chosen = t;
            RenderContext context = ctx;
            try (RenderAhead ahead = new RenderAhead(RenderAhead.threadsForThisMachine(), 256,
                    (r, sequence) -> signed(chosen.render(r, context.withSequence(sequence)), chosen.isStatic() ? bodyHash : null))) {
                while (intake.trouble() == null && (row = csv.next()) != null) {
                    rows++;
                    at[0] = rows;
                    if (rows <= skip) {
                        continue;
                    }
                    take(ahead.offer(row, rows), salvo, err, spooled, intake, progress);
                }
                RenderAhead.Rendered r;
                while (intake.trouble() == null && (r = ahead.next()) != null) {
                    take(r, salvo, err, spooled, intake, progress);
                }
            }
            intake.awaitStored(salvo, progress);
            if (spooled && intake.trouble() == null) {
                salvo.closeCampaign(campaignId); // every row is in: the template need not be kept for more
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
            if (intake.trouble() != null) {
                throw new SpoolStopped(intake.trouble(), s);
            }
            return s;
        }
    }

    /** Submits one rendered row, in list order (or records why it could not be rendered). */
    private void take(RenderAhead.Rendered r, SalvoEngine salvo, PrintWriter err, boolean spooled, Intake intake,
            CampaignProgress progress) {
        if (r == null) {
            return;
        }
        if (r.error() != null) {
            if (badRows == RecipientCsv.BadRows.FAIL) {
                throw r.error();
            }
            err.println("salvo: " + r.error().getMessage());
            salvo.reject(r.row().email().address(), r.error().getMessage());
            return;
        }
        MessageContent m = r.message();
        RecipientRow row = r.row();
        long rows = r.sequence();
        try {
            if (spooled) {
                CampaignRow cr = new CampaignRow(campaignId, row.email(), m, CampaignRecord.fields(row.values()), (int) rows);
                EmailAddress returnPath = returnPath(row.email(), rows);
                intake.submit(salvo, () -> salvo.submit(cr, returnPath, dev.salvo.smtp.DsnOptions.NONE), progress, Intake.NOTHING);
            } else {
                Submission sub = new Submission(returnPath(row.email(), rows), List.of(row.email()), m, campaignId,
                        dev.salvo.smtp.DsnOptions.NONE);
                intake.submit(salvo, () -> salvo.submit(sub), progress, Intake.NOTHING);
            }
        } finally {
            m.release(); // the engine holds its own reference once it accepted the message
        }
        if ((rows & 0xFF) == 0) { // the line changes once a second: no need for a snapshot every row
            progress.update(salvo.stats(), -1, false);
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

        // Render threads share it: the first to need the hash makes it, the rest wait for it.
        synchronized BodyHash of(DkimSigner signer, byte[] message) {
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

    /** The spool stopped taking writes during the campaign; what it accepted was still delivered. */
    static final class SpoolStopped extends RuntimeException {
        final transient EngineStats stats;

        SpoolStopped(String why, EngineStats stats) {
            super(why, null, false, false);
            this.stats = stats;
        }
    }
}
