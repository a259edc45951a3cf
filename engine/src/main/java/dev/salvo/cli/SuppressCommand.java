package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.suppress.Suppression;
import dev.salvo.suppress.SuppressionCsv;
import dev.salvo.suppress.SuppressionList;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code salvo suppress}: the addresses Salvo will not mail. */
@Command(name = "suppress", mixinStandardHelpOptions = true,
        description = {"Manage the suppression list: addresses Salvo will not send to.",
            "Entries are global (every sender) or scoped to one sending domain. salvo send --suppression DIR checks the",
            "list at submit and adds hard bounces to it. The list is a RocksDB directory that one process at a time may",
            "open: change it while no salvo send or salvo serve holds it.%n"},
        subcommands = {SuppressCommand.Add.class, SuppressCommand.Remove.class, SuppressCommand.ListEntries.class,
            SuppressCommand.Import.class, SuppressCommand.Export.class})
final class SuppressCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand shares. */
    static final class Where {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The suppression list's directory (created when absent).")
        Path dir;

        @Option(names = "--scope", paramLabel = "DOMAIN|global", defaultValue = "global",
                description = "global (default: every sender) or a sending domain such as news.example.com.")
        String scope;

        SuppressionList open() {
            return SuppressionLists.open(dir);
        }

        String scope() {
            String s = scope.trim().toLowerCase(java.util.Locale.ROOT);
            if (s.equals("global") || s.equals(SuppressionList.GLOBAL)) {
                return SuppressionList.GLOBAL;
            }
            if (!s.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new UserError("--scope must be global or a sending domain such as news.example.com, got '" + scope + "'");
            }
            return s;
        }
    }

    static Suppression.Reason reason(String text) {
        Suppression.Reason r = Suppression.Reason.parse(text);
        if (r == null) {
            throw new UserError("--reason must be manual, hard-bounce, complaint or unsubscribe, got '" + text + "'");
        }
        return r;
    }

    /** Parses every address first, so one typo adds nothing. */
    static List<String> addresses(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String a : raw) {
            try {
                out.add(EmailAddress.parse(a.trim()).address());
            } catch (InvalidMessageException e) {
                throw new UserError(e.getMessage() + "; nothing was changed");
            }
        }
        return out;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add addresses to the list (or update their entries).")
    static final class Add implements Callable<Integer> {
        @CommandLine.Mixin Where where;
        @Option(names = "--reason", paramLabel = "REASON", defaultValue = "manual",
                description = "manual (default), hard-bounce, complaint or unsubscribe.")
        String reason;
        @Option(names = "--detail", paramLabel = "TEXT", defaultValue = "", description = "A note kept with the entry.")
        String detail;
        @Parameters(arity = "1..*", paramLabel = "ADDR", description = "The addresses.")
        List<String> raw;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<String> addresses = addresses(raw);
            String scope = where.scope();
            Suppression.Reason r = reason(reason);
            int fresh = 0;
            try (SuppressionList list = where.open()) {
                Instant now = Instant.now();
                for (String a : addresses) {
                    fresh += list.add(new Suppression(scope, a, r, detail, now)) ? 1 : 0;
                }
                spec.commandLine().getOut().printf("added %d, updated %d (scope %s); the list holds %,d%n", fresh,
                        addresses.size() - fresh, scope, list.size());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove addresses from the list, in one scope.")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Mixin Where where;
        @Parameters(arity = "1..*", paramLabel = "ADDR", description = "The addresses.")
        List<String> raw;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<String> addresses = addresses(raw);
            String scope = where.scope();
            List<String> absent = new ArrayList<>();
            try (SuppressionList list = where.open()) {
                for (String a : addresses) {
                    if (!list.remove(scope, a)) {
                        absent.add(a);
                    }
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf("removed %d (scope %s); the list holds %,d%n", addresses.size() - absent.size(), scope, list.size());
                if (!absent.isEmpty()) {
                    out.println("not on the list in scope " + scope + ": " + String.join(", ", absent));
                }
            }
            return absent.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print the entries as a table, global first, then by sending domain.")
    static final class ListEntries implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The suppression list's directory.")
        Path dir;
        @Option(names = "--scope", paramLabel = "DOMAIN|global", description = "Only this scope.")
        String scope;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N rows (default 1000; 0 for all).")
        long limit;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Where w = new Where();
            w.dir = dir;
            w.scope = scope == null ? "global" : scope;
            String only = scope == null ? null : w.scope();
            PrintWriter out = spec.commandLine().getOut();
            long[] shown = {0};
            long[] matched = {0};
            try (SuppressionList list = w.open()) {
                out.printf("%-40s %-24s %-12s %-24s %s%n", "ADDRESS", "SCOPE", "REASON", "SINCE", "DETAIL");
                list.forEach(s -> {
                    if (only != null && !s.scope().equals(only)) {
                        return;
                    }
                    matched[0]++;
                    if (limit == 0 || shown[0] < limit) {
                        shown[0]++;
                        out.printf("%-40s %-24s %-12s %-24s %s%n", s.address(), s.scope().equals(SuppressionList.GLOBAL) ? "global" : s.scope(),
                                s.reason().wireName(), s.since(), s.detail());
                    }
                });
            }
            out.printf("%,d entr%s%s%n", matched[0], matched[0] == 1 ? "y" : "ies",
                    shown[0] < matched[0] ? " (" + shown[0] + " shown; --limit 0 for all, or salvo suppress export)" : "");
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add the entries of a CSV file: address,scope,reason,detail,since with that header (as export writes).",
                "Only address is required; a blank scope, reason or since takes --scope, --reason and the current time.",
                "Bad lines are reported with their line numbers and skipped."})
    static final class Import implements Callable<Integer> {
        @CommandLine.Mixin Where where;
        @Option(names = "--reason", paramLabel = "REASON", defaultValue = "manual", description = "For lines without one (default manual).")
        String reason;
        @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file.")
        Path file;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isReadable(file)) {
                throw new UserError("cannot read " + file);
            }
            String scope = where.scope();
            Suppression.Reason r = reason(reason);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long[] counts = new long[3]; // new, updated, bad
            try (SuppressionList list = where.open(); Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                SuppressionCsv.read(in, scope, r, Instant.now(), s -> counts[list.add(s) ? 0 : 1]++, bad -> {
                    counts[2]++;
                    err.println("salvo: " + file + (bad.line() > 0 ? " line " + bad.line() : "") + ": " + bad.reason());
                });
                out.printf("imported %,d (%,d new, %,d updated), %,d bad line%s skipped; the list holds %,d%n", counts[0] + counts[1],
                        counts[0], counts[1], counts[2], counts[2] == 1 ? "" : "s", list.size());
            }
            return counts[2] == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every entry as CSV (address,scope,reason,detail,since), to standard output or --out FILE.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The suppression list's directory.")
        Path dir;
        @Option(names = "--out", paramLabel = "FILE.csv", description = "Write here instead of standard output.")
        Path outFile;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Where w = new Where();
            w.dir = dir;
            try (SuppressionList list = w.open()) {
                if (outFile == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    SuppressionCsv.write(list, out);
                    out.flush();
                } else {
                    long n;
                    try (BufferedWriter writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                        n = SuppressionCsv.write(list, writer);
                    }
                    spec.commandLine().getErr().printf("salvo: exported %,d entries to %s%n", n, outFile);
                }
            }
            return ExitCodes.OK;
        }
    }
}
