package dev.cvpipe.pipeline;

import java.util.List;

/**
 * What happened to one step (or, in a dry run, what would).
 *
 * @param action {@code run} (dry run: would run), {@code skip}, {@code ran}, {@code failed},
 *     {@code not-selected} (outside --from/--only), {@code not-run} (an earlier step failed)
 * @param exit the step's exit code when it ran; for a skip, the exit code of its last success
 * @param seconds wall time when it ran
 * @param reason why it runs or is skipped
 */
public record StepOutcome(String step, int line, String command, String action, Integer exit, Double seconds,
                          String reason, List<String> inputs, List<String> outputs) {
    public StepOutcome {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
