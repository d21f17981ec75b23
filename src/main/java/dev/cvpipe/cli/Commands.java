package dev.cvpipe.cli;

import java.util.List;

/** The subcommands, in the order --help lists them. */
final class Commands {
    private Commands() {}

    /** Top-level command names, in --help order (each the {@code @Command(name)} of what {@link #named} makes). */
    static final List<String> NAMES = List.of(
            // image
            "inspect", "to-rgb",
            // dataset
            "split", "stats",
            // model
            "model",
            // train / predict / eval
            "train", "predict", "detect", "eval",
            // segmentation
            "seg",
            // pipeline
            "run", "demo");

    static List<Object> all() {
        return NAMES.stream().map(Commands::named).toList();
    }

    /**
     * A new instance of the command called {@code name}, or null. Lets {@link Main} build picocli's
     * model of the one command a run asks for: the model of all of them costs ~0.2 s of a short
     * run's start (annotations of every command, mixin and option type read by reflection).
     */
    static Object named(String name) {
        return switch (name) {
            case "inspect" -> new InspectCommand();
            case "to-rgb" -> new ToRgbCommand();
            case "split" -> new SplitCommand();
            case "stats" -> new StatsCommand();
            case "model" -> new ModelCommand();
            case "train" -> new TrainCommand();
            case "predict" -> new PredictCommand();
            case "detect" -> new DetectCommand();
            case "eval" -> new EvalCommand();
            case "seg" -> new SegCommand();
            case "run" -> new RunCommand();
            case "demo" -> new DemoCommand();
            default -> null;
        };
    }
}
