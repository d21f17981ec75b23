package dev.cvpipe.cli;

import java.util.List;

/** The subcommands, in the order --help lists them. */
final class Commands {
    private Commands() {}

    static List<Object> all() {
        return List.of(
                // image
                // dataset
                // model
                // train / predict / eval
                new EvalCommand(),
                // segmentation
                new SegCommand()
                // pipeline
        );
    }
}
