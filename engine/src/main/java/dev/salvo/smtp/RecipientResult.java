package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;

/**
 * One recipient's outcome in one transaction, with the reply that decided it: the RCPT reply when
 * RCPT was refused, the MAIL reply when MAIL was, otherwise the reply to the end of data.
 */
public record RecipientResult(EmailAddress recipient, DeliveryStatus status, SmtpReply reply) {}
