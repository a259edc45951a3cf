package dev.salvo.cli;

import dev.salvo.bounce.BounceProcessor;
import dev.salvo.bounce.SetAside;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.EventLog;
import dev.salvo.suppress.SuppressionList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** What `salvo serve` and `salvo bounces import` share: the bounce domain, VERP, and where results go. */
final class ReportListenerOptions {
    @Option(names = "--bounce-domain", paramLabel = "DOMAIN", required = true,
            description = "The return-path domain, e.g. bounce.example.com: its MX is this listener, and VERP addresses are PREFIX+TOKEN@DOMAIN.")
    String bounceDomain;

    @Option(names = "--verp-secret-file", paramLabel = "FILE",
            description = "The VERP HMAC secrets, one a line (the first signs, all verify: rotation); each at least 16 bytes. "
                    + "Without it no report can be verified, so none changes the suppression list unless --trust-unverified.")
    Path verpSecretFile;

    @Option(names = "--verp-prefix", paramLabel = "P", defaultValue = "bounces",
            description = "The local part before '+' in VERP addresses. Default: ${DEFAULT-VALUE}.")
    String verpPrefix;

    @Option(names = "--events", paramLabel = "FILE.jsonl",
            description = "Append one JSON line per late bounce, delay or complaint (\"report\": \"dsn\" or \"arf\").")
    Path events;

    @Option(names = "--set-aside", paramLabel = "DIR", defaultValue = "set-aside",
            description = "Where reports that cannot be read or matched are kept, each NAME.eml with NAME.reason. Default: ${DEFAULT-VALUE}.")
    Path setAside;

    @Option(names = "--suppression", paramLabel = "DIR",
            description = "The suppression list's directory (hard bounces and complaints are added to it).")
    Path suppression;

    @Option(names = "--trust-unverified",
            description = "Let reports without a valid VERP token (matched by the returned Message-ID) change the suppression "
                    + "list too. Off by default: anyone can write a DSN that names any address.")
    boolean trustUnverified;

    VerpCodec verp() {
        if (verpSecretFile == null) {
            return null;
        }
        try {
            return new VerpCodec(verpPrefix, bounceDomain, VerpSecrets.load(verpSecretFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    SetAside openSetAside() {
        try {
            return new SetAside(setAside);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    EventLog openEvents() {
        if (events == null) {
            return null;
        }
        try {
            return EventLog.append(events);
        } catch (IOException e) {
            throw new UserError("cannot open the events file " + events + ": " + e.getMessage());
        }
    }

    BounceProcessor processor(VerpCodec verp, SuppressionList list, EventLog log, SetAside aside) {
        Consumer<DeliveryEvent> sink = log == null ? e -> { } : log::append;
        return new BounceProcessor(verp, list, sink, aside, trustUnverified, Clock.systemUTC());
    }

    void warnings(VerpCodec verp, PrintWriter err) {
        if (verp == null) {
            err.println("salvo: no --verp-secret-file: reports are matched by their returned headers only and "
                    + (trustUnverified ? "still update the suppression list (--trust-unverified)" : "do not change the suppression list"));
        }
    }
}
