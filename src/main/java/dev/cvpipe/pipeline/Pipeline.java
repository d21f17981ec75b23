package dev.cvpipe.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed pipeline file.
 *
 * @param vars the variables after {@code -D} overrides, in file order
 * @param stateDir where each step's last-success record is kept
 * @param results labelled paths worth showing after a run (the {@code results:} block)
 */
public record Pipeline(Path file, Map<String, String> vars, Path stateDir, List<Step> steps,
                       Map<String, String> results) {
    public Pipeline {
        vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
        steps = List.copyOf(steps);
        results = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
    }

    public Step step(String name) {
        for (Step s : steps) if (s.name().equals(name)) return s;
        return null;
    }

    public List<String> stepNames() {
        return steps.stream().map(Step::name).toList();
    }
}
