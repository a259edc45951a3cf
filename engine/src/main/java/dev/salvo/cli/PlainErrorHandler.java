package dev.salvo.cli;

import picocli.CommandLine;

/** Turns a {@link UserError} into one line on stderr; anything else is a bug and keeps its trace. */
final class PlainErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (ex instanceof UserError ue) {
            cl.getErr().println("salvo: " + ue.getMessage());
            return ue.exitCode();
        }
        cl.getErr().println("salvo: internal error (please report it): " + ex);
        ex.printStackTrace(cl.getErr());
        return ExitCodes.SOFTWARE;
    }
}
