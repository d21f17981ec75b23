package dev.cvpipe.pipeline;

import java.util.List;

/**
 * One step of a pipeline, variables already substituted.
 *
 * @param args the cvpipe command line, e.g. {@code [split, --list, data/train_list.txt, -o, out/split]}
 * @param inputs paths declared under {@code inputs:}, or null to infer them from {@code args}
 * @param outputs paths declared under {@code outputs:}, or null to infer them from {@code args}
 * @param stdout file that receives the step's stdout, or null (then it goes to stderr)
 * @param line 1-based line of the step in the pipeline file
 * @param runLine 1-based line of its {@code run:} value, where command errors are reported
 */
public record Step(String name, List<String> args, List<String> inputs, List<String> outputs,
                   String stdout, int line, int runLine) {
    public Step {
        args = List.copyOf(args);
        inputs = inputs == null ? null : List.copyOf(inputs);
        outputs = outputs == null ? null : List.copyOf(outputs);
    }

    /** The command line as a user would type it (tokens with spaces quoted). */
    public String commandLine() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(a.isEmpty() || a.matches(".*[\\s'\"\\\\$].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }
}
