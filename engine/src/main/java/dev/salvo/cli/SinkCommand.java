package dev.salvo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "sink", mixinStandardHelpOptions = true, description = "TODO")
final class SinkCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("sink is not built yet");
    }
}
