package dev.salvo.cli;

import dev.salvo.bounce.BounceProcessor;
import dev.salvo.bounce.BounceStats;
import dev.salvo.bounce.MboxReader;
import dev.salvo.bounce.SetAside;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.events.EventLog;
import dev.salvo.suppress.SuppressionList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `salvo bounces import FILE...`: what the listener does, for reports saved in files. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Process bounce reports and complaints saved in files: each FILE is one message (.eml) or an mbox of "
                    + "many (From_ lines, >From quoting undone). Each is matched by the VERP address it was sent to "
                    + "(Delivered-To, X-Original-To or To), or by its returned headers; events and suppressions as "
                    + "`salvo serve`. One line per report and a summary; exit code 1 when some were unmatched or malformed.",
            ""
        })
final class BouncesImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReportListenerOptions bounce;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "A message (.eml) or an mbox file.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path f : files) {
            if (!Files.isReadable(f) || Files.isDirectory(f)) {
                throw new UserError("cannot read " + f + " (a file holding one message or an mbox is expected)");
            }
        }
        VerpCodec verp = bounce.verp();
        SetAside aside = bounce.openSetAside();
        bounce.warnings(verp, err);
        BounceStats stats;
        try (SuppressionList suppressions = SuppressionLists.open(bounce.suppression, err);
                EventLog events = bounce.openEvents()) {
            BounceProcessor processor = bounce.processor(verp, suppressions, events, aside);
            for (Path f : files) {
                long[] n = {0};
                try {
                    MboxReader.forEach(f, message -> {
                        n[0]++;
                        out.println(f.getFileName() + "#" + n[0] + " " + processor.process(List.of(), message).line());
                    });
                } catch (IOException e) {
                    throw new UserError("reading " + f + " failed after " + n[0] + " message(s): " + e.getMessage(),
                            ExitCodes.SOFTWARE);
                }
            }
            stats = processor.stats();
        }
        out.println();
        out.println(stats.summary());
        out.flush();
        return stats.unmatched() + stats.malformed() + stats.forged() == 0 ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
}
