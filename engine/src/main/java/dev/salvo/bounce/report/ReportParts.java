package dev.salvo.bounce.report;

import java.util.function.Predicate;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Multipart;

/**
 * The parts of a multipart/report that a parser reads (RFC 6522 §3): the first machine-readable part
 * of the expected type, and the part after it, which returns the original message or its headers.
 * Reports in the wild are sloppy about anything else, so only these two are looked for.
 *
 * @param machine the machine-readable part, or null when the report has none of the type
 * @param returned the part after it, or null
 */
record ReportParts(Entity machine, Entity returned) {
    static ReportParts of(Multipart report, Predicate<String> machineType) {
        Entity machine = null;
        Entity returned = null;
        for (Entity part : report.getBodyParts()) {
            if (machine == null && machineType.test(MimeReading.type(part))) {
                machine = part;
            } else if (machine != null && returned == null) {
                returned = part;
            }
        }
        return new ReportParts(machine, returned);
    }
}
