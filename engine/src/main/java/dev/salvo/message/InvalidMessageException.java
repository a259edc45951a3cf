package dev.salvo.message;

/**
 * A user-fixable problem with a message or address; the message names what is wrong and what to
 * do. Thrown only at the edge (parsing input), never inside the send path.
 */
public final class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Longest input echoed back in an error, so a megabyte of garbage does not become the error. */
    private static final int MAX_ECHO = 120;

    public InvalidMessageException(String message) {
        super(message);
    }

    /**
     * No stack trace: this is a verdict on user input, not a bug, and a bulk import may reject
     * millions of addresses; capturing a trace for each would dominate the cost of rejecting them.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * Quotes untrusted text for an error message: control characters are escaped (\r, \n, \t,
     * \x00) so a hostile value cannot forge log lines, and long values are cut short.
     */
    static String quote(CharSequence text) {
        int shown = Math.min(text.length(), MAX_ECHO);
        StringBuilder out = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (shown < text.length()) {
            out.append("... (").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
