package dev.salvo.campaign;

/**
 * A {{name}} in a template, resolved at load to a column of the recipients file or a built-in.
 *
 * @param field the index into {@link RecipientRow#values()} when source is {@link Source#FIELD}, else -1
 * @param line  the template line it is on, for errors
 */
record Placeholder(String name, Source source, int field, int line) {
    /** Where a placeholder's value comes from. */
    enum Source {
        FIELD(null),
        EMAIL("email"),
        MESSAGE_ID("message_id"),
        DATE("date"),
        CAMPAIGN("campaign"),
        UNSUBSCRIBE_URL("unsubscribe_url");

        final String builtInName;

        Source(String builtInName) {
            this.builtInName = builtInName;
        }

        static Source builtIn(String name) {
            for (Source source : values()) {
                if (name.equals(source.builtInName)) {
                    return source;
                }
            }
            return null;
        }
    }

    /** "{{first_name}}", as the user wrote it (without the triple braces). */
    String braced() {
        return "{{" + name + "}}";
    }
}
