package dev.salvo.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `salvo` command: one subcommand per job. */
@Command(
        name = "salvo",
        mixinStandardHelpOptions = true,
        versionProvider = SalvoVersion.class,
        description = "Salvo: a bulk email sending engine.%n")
public final class SalvoCli implements Runnable {

    /**
     * The subcommands by name, in the order `salvo --help` lists them. They are added by hand rather
     * than through {@code @Command(subcommands = ...)} so that a run builds only the one it was asked
     * for: picocli builds each command's model by reflection, and doing that for all of them took
     * ~140 ms of a ~420 ms `salvo blast` (measured with -Xlog:class+load), on every run.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("blast", BlastCommand::new);
        SUBCOMMANDS.put("bounces", BouncesCommand::new);
        SUBCOMMANDS.put("demo", DemoCommand::new);
        SUBCOMMANDS.put("send", SendCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("spool", SpoolCommand::new);
        SUBCOMMANDS.put("sink", SinkCommand::new);
        SUBCOMMANDS.put("suppress", SuppressCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CliLogging.configure(System.getenv("SALVO_LOG"));
        int code = newCommandLine(args).execute(args);
        ClassArchiveTraining.noteExit(code, System.getProperty(ClassArchiveTraining.PROPERTY));
        System.exit(code);
    }

    /** The whole command line, every subcommand included, with Salvo's error handling. */
    public static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * The command line for these arguments: when the first one names a subcommand (other than
     * `help`, which lists them all), only that subcommand is built; otherwise all of them, so that
     * `salvo --help` and a mistyped name ("did you mean ...?") see every one. Bad flags print one
     * plain sentence and the usage hint either way.
     */
    public static CommandLine newCommandLine(String[] args) {
        CommandLine cl = new CommandLine(new SalvoCli());
        String asked = args.length > 0 ? args[0] : "";
        Supplier<Object> only = "help".equals(asked) ? null : SUBCOMMANDS.get(asked);
        if (only != null) {
            cl.addSubcommand(only.get());
        } else {
            SUBCOMMANDS.values().forEach(made -> cl.addSubcommand(made.get()));
        }
        cl.setExecutionExceptionHandler(new PlainErrorHandler());
        return cl;
    }

    /** The subcommand names, in the order `salvo --help` lists them. */
    static Iterable<String> subcommandNames() {
        return SUBCOMMANDS.keySet();
    }
}
