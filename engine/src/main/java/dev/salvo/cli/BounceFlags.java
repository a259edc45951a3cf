package dev.salvo.cli;

import dev.salvo.api.BounceOptions;
import dev.salvo.bounce.Classifier;
import dev.salvo.config.BounceRulesLoader;
import dev.salvo.config.ConfigException;
import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.SuppressionList;
import dev.salvo.suppress.SuppressionScope;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The bounce rules and suppression list flags of the commands that send through the engine. */
final class BounceFlags {
    @Option(names = "--bounce-rules", paramLabel = "FILE.yaml",
            description = "Your bounce rules, read before Salvo's defaults (config/bounce-rules.yaml shows the format).")
    Path rules;

    @Option(names = "--suppression", paramLabel = "DIR",
            description = "The suppression list to check and to add hard bounces to (a RocksDB directory, created"
                    + " when absent; see salvo suppress). Without it the list lives in memory for this run only.")
    Path suppression;

    @Option(names = "--suppression-scope", paramLabel = "global|sender-domain", defaultValue = "global",
            description = "Where a hard bounce is recorded: for every sender (default) or for the --from domain only.")
    String scope;

    /** Reads the rules and opens the list; the caller closes {@code options.suppression()} after the engine. */
    BounceOptions open() {
        SuppressionScope s = SuppressionScope.parse(scope);
        if (s == null) {
            throw new UserError("--suppression-scope must be global or sender-domain, got '" + scope + "'");
        }
        Classifier classifier;
        try {
            classifier = rules == null ? BounceRulesLoader.defaults() : BounceRulesLoader.load(rules);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        SuppressionList list = suppression == null ? new MemorySuppressionList() : SuppressionLists.open(suppression);
        return new BounceOptions(classifier, list, s);
    }
}
