package dev.cvpipe.pipeline;

import java.util.List;

/** The outcome of {@link PipelineRunner#run}: one entry per step in file order, and the run's exit code. */
public record RunReport(Pipeline pipeline, boolean dryRun, List<StepOutcome> steps, int exitCode) {
    public RunReport {
        steps = List.copyOf(steps);
    }
}
