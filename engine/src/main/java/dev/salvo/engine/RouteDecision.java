package dev.salvo.engine;

import dev.salvo.config.Shaping;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.SmtpReply;
import java.util.List;

/**
 * Where a recipient domain's mail goes: a site (the unit of shaping) and its hosts in the order to
 * try them; or, for a domain that cannot take mail, the reply that settles its recipients.
 *
 * @param failure null when routable; else a permanent (5xx: bounce) or transient (4xx: retry) reply
 */
record RouteDecision(String siteKey, List<ConnectionSettings> hosts, Shaping shaping, SmtpReply failure) {
    static RouteDecision failed(SmtpReply reply) {
        return new RouteDecision(null, List.of(), null, reply);
    }
}
