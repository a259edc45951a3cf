package dev.salvo.campaign;

/**
 * A piece of a parsed template: either literal text, kept as the bytes to write and (for header
 * rendering) the same text decoded, or a placeholder.
 */
record Segment(byte[] bytes, String text, Placeholder placeholder) {
    static Segment literal(byte[] bytes, String text) {
        return new Segment(bytes, text, null);
    }

    static Segment of(Placeholder placeholder) {
        return new Segment(null, null, placeholder);
    }

    boolean isLiteral() {
        return placeholder == null;
    }
}
