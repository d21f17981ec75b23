package dev.cvpipe.pipeline;

import java.util.List;

/**
 * How to run a pipeline.
 *
 * @param from run from this step on (earlier steps are left alone, not checked)
 * @param only run just these steps
 * @param force re-run the selected steps even when nothing changed
 * @param hash compare inputs by content (SHA-256) rather than size and modification time
 */
public record RunOptions(String from, List<String> only, boolean dryRun, boolean force, boolean hash) {
    public RunOptions {
        only = only == null ? List.of() : List.copyOf(only);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, List.of(), false, false, false);
    }
}
