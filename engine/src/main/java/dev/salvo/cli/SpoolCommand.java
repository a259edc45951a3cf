package dev.salvo.cli;

import dev.salvo.engine.SpoolContents;
import dev.salvo.events.EventLog;
import dev.salvo.spool.Durability;
import dev.salvo.spool.Spool;
import dev.salvo.spool.SpoolCorruptException;
import dev.salvo.spool.SpoolStats;
import dev.salvo.spool.SpoolUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `salvo spool stats|purge`: look into a spool, or take recipients out of it, while no Salvo has it open. */
@Command(
        name = "spool",
        mixinStandardHelpOptions = true,
        header = "Inspect or purge a spool (stop the Salvo that uses it first).",
        subcommands = {SpoolCommand.Stats.class, SpoolCommand.Purge.class})
final class SpoolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static Spool open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("--spool " + dir + ": no such directory");
        }
        try {
            return Spool.open(dir, Durability.SYNC);
        } catch (SpoolCorruptException | SpoolUnavailableException e) {
            throw new UserError("--spool " + dir + ": " + e.getMessage());
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            header = "Pending recipients per campaign, destination domain and state, and the size on disk.")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--spool", required = true, paramLabel = "DIR", description = "The spool directory.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Spool spool = open(dir)) {
                SpoolContents.Summary s = SpoolContents.summarize(spool);
                SpoolStats st = spool.stats();
                out.printf("spool %s: %,d recipients pending in %,d messages, %,d bytes on disk (SST %,d, WAL %,d)%n", dir,
                        s.recipients(), st.pendingByContent().size(), st.diskBytes(), st.sstBytes(), st.walBytes());
                section(out, "by campaign", s.byCampaign());
                section(out, "by destination", s.byDomain());
                section(out, "by state", s.byState());
                out.flush();
            }
            return ExitCodes.OK;
        }

        private static void section(PrintWriter out, String title, Map<String, Long> counts) {
            if (counts.isEmpty()) {
                return;
            }
            out.println("  " + title + (counts.size() > 20 ? " (top 20 of " + counts.size() + ")" : "") + ":");
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(20)
                    .forEach(e -> out.printf("    %-40s %,d%n", e.getKey(), e.getValue()));
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            header = "Remove a campaign's or a destination's pending recipients, with an 'expired' event for each.",
            description = {"Each purged recipient gets an 'expired' event whose response says it was purged by an operator;",
                "with --events they are appended to that file before anything is removed. Purging a campaign also",
                "forgets how far its list got, so `salvo send --campaign ID` would start it again from the first row."})
    static final class Purge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--spool", required = true, paramLabel = "DIR", description = "The spool directory.")
        Path dir;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--campaign", paramLabel = "ID", required = true, description = "Purge this campaign's recipients.")
            String campaign;

            @Option(names = "--destination", paramLabel = "DOMAIN", required = true,
                    description = "Purge the recipients at this domain.")
            String domain;
        }

        @Option(names = "--events", paramLabel = "FILE.jsonl", description = "Append an event per purged recipient here.")
        Path events;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Spool spool = open(dir)) {
                EventLog log = null;
                if (events != null) {
                    try {
                        log = EventLog.append(events);
                    } catch (IOException e) {
                        throw new UserError("--events " + events + ": " + e.getMessage());
                    }
                }
                long n = SpoolContents.purge(spool, target.campaign, target.domain, log, Clock.systemUTC());
                out.printf("purged %,d recipients (%s)%s%n", n,
                        target.campaign != null ? "campaign " + target.campaign : "destination " + target.domain,
                        events == null ? "; no --events file, so no events were written" : "; events appended to " + events);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
