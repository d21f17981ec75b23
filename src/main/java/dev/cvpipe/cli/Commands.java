package dev.cvpipe.cli;

import java.util.List;

/** The subcommands, in the order --help lists them. */
final class Commands {
    private Commands() {}

    static List<Object> all() {
        return List.of(
                // image
                new InspectCommand(),
                new ToRgbCommand(),
                // dataset
                new SplitCommand(),
                new StatsCommand(),
                // model
                new ModelCommand(),
                // train / predict / eval
                new TrainCommand(),
                new PredictCommand(),
                new DetectCommand(),
                new EvalCommand(),
                // segmentation
                new SegCommand(),
                // pipeline
                new RunCommand(),
                new DemoCommand()
        );
    }
}
