package dev.cvpipe.pipeline;

import java.io.PrintStream;
import java.util.List;

/**
 * The engine's view of the cvpipe commands, so this package needs no picocli: the CLI supplies
 * the real commands ({@code cli.PicocliStepCommands}); tests can supply fakes.
 */
public interface StepCommands {
    /**
     * The exit codes the engine acts on, the values of {@code cli.ExitCode} (a test holds them
     * equal): this package sits below cli and may not import it.
     */
    int OK = 0;
    int BAD_INPUTS = 3;

    /**
     * Checks a step's arguments against the command it names, without running it.
     *
     * @throws IllegalArgumentException with a one-line reason: unknown command, unknown option,
     *     missing or invalid value
     */
    StepArgs check(List<String> args);

    /** Runs the command in this process and returns its exit code. */
    int execute(List<String> args, PrintStream out, PrintStream err);

    /**
     * What a step's values may name on disk.
     *
     * @param paths values that may be paths the step reads (positionals and options typed as a
     *     path or string); only those that exist, or that an earlier step writes, count as inputs
     * @param outputs values of output options ({@code -o}, {@code --output}, {@code --chart} ...)
     * @param inPlace the step rewrites its inputs ({@code --in-place}), so they are outputs too
     */
    record StepArgs(List<String> paths, List<String> outputs, boolean inPlace) {
        public StepArgs {
            paths = List.copyOf(paths);
            outputs = List.copyOf(outputs);
        }
    }
}
