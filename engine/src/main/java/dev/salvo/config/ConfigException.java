package dev.salvo.config;

/**
 * A salvo.yaml that cannot be used. The message starts with "file:line:column: " and says what was
 * expected, so a person can fix the file without reading code.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;

    /** An error at a place in the file; line and column count from 1. */
    public ConfigException(String source, int line, int column, String message) {
        super(source + ":" + line + ":" + column + ": " + message, null, false, false);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** An error about the file as a whole, such as one that cannot be read; line and column are 0. */
    public ConfigException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause, false, false);
        this.source = source;
        this.line = 0;
        this.column = 0;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
