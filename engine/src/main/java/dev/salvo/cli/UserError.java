package dev.salvo.cli;

/**
 * A problem the user can fix (a bad flag value, a missing file, a refused login): printed as one
 * plain sentence without a stack trace, and mapped to its exit code.
 */
final class UserError extends RuntimeException {
    private final int exitCode;

    UserError(String message) {
        this(message, ExitCodes.USAGE);
    }

    UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
