package dev.salvo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `salvo bounces`: offline work on bounce reports. */
@Command(
        name = "bounces",
        mixinStandardHelpOptions = true,
        description = "Work with bounce reports offline.",
        subcommands = {BouncesImportCommand.class})
final class BouncesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
