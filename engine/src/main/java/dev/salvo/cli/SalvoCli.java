package dev.salvo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `salvo` command: one subcommand per job. */
@Command(
        name = "salvo",
        mixinStandardHelpOptions = true,
        versionProvider = SalvoVersion.class,
        description = "Salvo: a bulk email sending engine.%n",
        subcommands = {
            BlastCommand.class,
            BouncesCommand.class,
            DemoCommand.class,
            SendCommand.class,
            ServeCommand.class,
            SpoolCommand.class,
            SinkCommand.class,
            SuppressCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SalvoCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CliLogging.configure(System.getenv("SALVO_LOG"));
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with Salvo's error handling: bad flags print one plain sentence and the usage hint. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SalvoCli());
        cl.setExecutionExceptionHandler(new PlainErrorHandler());
        return cl;
    }
}
