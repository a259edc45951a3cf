package dev.salvo.api;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;

/**
 * Renders one recipient's message of a campaign whose template the spool keeps once: the engine
 * calls it at start for campaign recipients found in the spool, with what the injector stored
 * ({@link SalvoEngine#openCampaign}'s template record and {@link CampaignRow#fields()}). It must
 * render exactly what the injector submitted for that row (the same Message-ID), so a recipient
 * sent again after a crash is the same message. Called on the thread that starts the engine.
 */
@FunctionalInterface
public interface CampaignRenderer {
    /** @return a message the engine owns (it releases it) */
    MessageContent render(byte[] template, EmailAddress recipient, byte[] fields, int row);

    /**
     * The envelope sender the row was submitted with: the campaign's sender unless the injector
     * makes one per recipient (VERP), which it must make again the same way here.
     */
    default EmailAddress returnPath(EmailAddress campaignSender, EmailAddress recipient, int row) {
        return campaignSender;
    }
}
