package dev.salvo.bounce;

import java.util.Objects;

/**
 * What the rules made of one reply. Each rule holds its own instance, so classifying allocates
 * nothing.
 *
 * @param bounceClass what the reply says
 * @param disposition what to do about it
 * @param suppress whether a hard refusal puts the address on the suppression list
 * @param rule where the deciding rule stands ("bounce-rules.yaml:42"), or the fallback's name
 */
public record Classification(BounceClass bounceClass, Disposition disposition, boolean suppress, String rule) {
    public Classification {
        Objects.requireNonNull(bounceClass, "bounceClass");
        Objects.requireNonNull(disposition, "disposition");
        Objects.requireNonNull(rule, "rule");
    }

    /** Final, and the address goes on the suppression list. */
    public boolean suppresses() {
        return disposition == Disposition.HARD && suppress;
    }
}
