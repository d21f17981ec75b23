package dev.cvpipe.cli;

import java.util.List;

/** The subcommands, in the order --help lists them. */
final class Commands {
    private Commands() {}

    static List<Object> all() {
        return List.of(
                // image
                // dataset
                new SplitCommand(),
                new StatsCommand()
                // model
                // train / predict / eval
                // segmentation
                // pipeline
        );
    }
}
