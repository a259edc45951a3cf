package dev.salvo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "send", mixinStandardHelpOptions = true, description = "TODO")
final class SendCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("send is not built yet");
    }
}
