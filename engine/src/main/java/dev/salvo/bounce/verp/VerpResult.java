package dev.salvo.bounce.verp;

/** The outcome of reading a return path: a token, or why there is none. */
public record VerpResult(Status status, VerpToken token, String reason) {
    public enum Status {
        OK,
        /** Not an address of our bounce domain and prefix: not a VERP address at all. */
        NOT_OURS,
        /** Ours in form, but the token does not decode. */
        MALFORMED,
        /** The token decodes but its MAC does not verify under any key: forged or altered. */
        BAD_MAC
    }

    static VerpResult ok(VerpToken token) {
        return new VerpResult(Status.OK, token, null);
    }

    static VerpResult refused(Status status, String reason) {
        return new VerpResult(status, null, reason);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
