package dev.salvo.api;

import dev.salvo.bounce.Classifier;
import dev.salvo.config.BounceRulesLoader;
import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.SuppressionList;
import dev.salvo.suppress.SuppressionScope;
import java.util.Objects;

/**
 * How the engine reads refusals and whom it will not mail.
 *
 * @param rules the bounce rules that classify every refusal
 * @param suppression checked at submit; hard bounces about the address are added to it. The caller
 *        opened it and closes it after the engine
 * @param hardBounceScope the scope a hard bounce is recorded in
 */
public record BounceOptions(Classifier rules, SuppressionList suppression, SuppressionScope hardBounceScope) {
    public BounceOptions {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(suppression, "suppression");
        Objects.requireNonNull(hardBounceScope, "hardBounceScope");
    }

    /** The shipped rules, and a suppression list in memory that lasts as long as the engine. */
    public static BounceOptions defaults() {
        return new BounceOptions(BounceRulesLoader.defaults(), new MemorySuppressionList(), SuppressionScope.GLOBAL);
    }
}
