package dev.salvo.cli;

import dev.salvo.bounce.BounceProcessor;
import dev.salvo.bounce.BounceServer;
import dev.salvo.bounce.SetAside;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.events.EventLog;
import dev.salvo.suppress.SuppressionList;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `salvo serve`: the bounce listener, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the bounce listener: an SMTP server for the bounce domain that takes delivery status notifications "
                    + "(RFC 3464, and the common non-standard bounces) and complaints (ARF, RFC 5965), matches each to "
                    + "the message and recipient by its VERP address, writes late bounced/deferred/complaint events and "
                    + "adds hard bounces and complaints to the suppression list.",
            "",
            "Only addresses of the bounce domain are accepted (550 5.7.1 for others), and a VERP address whose token "
                    + "does not verify is refused (550 5.7.1). Reports that cannot be read or matched are kept in the "
                    + "set-aside directory with the reason. One line per report; Ctrl-C prints a summary.",
            ""
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReportListenerOptions bounce;

    @Mixin
    ListenOptions where;

    @Option(names = "--max-size", paramLabel = "BYTES", defaultValue = "" + BounceServer.DEFAULT_MAX_SIZE,
            description = "Largest report accepted (552 5.3.4 beyond). Default: ${DEFAULT-VALUE}.")
    long maxSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var address = where.address();
        if (maxSize < 1) {
            throw new UserError("--max-size must be at least 1 byte, not " + maxSize);
        }
        VerpCodec verp = bounce.verp();
        SetAside aside = bounce.openSetAside();
        SuppressionList suppressions = SuppressionLists.open(bounce.suppression, err);
        EventLog events = bounce.openEvents();
        BounceProcessor processor = bounce.processor(verp, suppressions, events, aside);
        BounceServer server;
        try {
            server = BounceServer.start(address, bounce.bounceDomain, maxSize, verp, processor, line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            });
        } catch (IOException | IllegalArgumentException e) {
            if (events != null) {
                events.close();
            }
            throw new UserError(e.getMessage());
        }
        bounce.warnings(verp, err);
        err.flush();
        out.println("salvo serve: bounce listener for " + bounce.bounceDomain + " on " + address.getAddress().getHostAddress()
                + ":" + server.port() + " (" + server.transport() + "); VERP " + (verp == null ? "off" : "on")
                + "; set-aside " + aside.dir() + "; Ctrl-C to stop");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (events != null) {
                events.close();
            }
            suppressions.close();
            synchronized (out) {
                out.println();
                out.println(server.stats().summary());
                out.flush();
            }
            stopped.countDown();
        }, "salvo-serve-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
