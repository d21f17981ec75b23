package dev.cvpipe.cli;

import dev.cvpipe.report.BadInputs;
import picocli.CommandLine.Option;

/**
 * {@code --strict} for every command that reads many inputs; mix in with {@code @Mixin}. One
 * declaration, so the option means the same everywhere, and one place that makes the collector.
 */
public final class StrictOption {
    @Option(names = "--strict",
            description = "Stop at the first bad input (exit 1) instead of reporting it and going on (exit 3).")
    boolean strict;

    public boolean strict() {
        return strict;
    }

    /** The bad-input collector for this run: reports and continues, or stops under --strict. */
    public BadInputs badInputs() {
        return new BadInputs(strict);
    }
}
