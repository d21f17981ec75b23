package dev.cvpipe.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A step's last successful run, kept as {@code STATE_DIR/STEP.json}: the exact command, what its
 * inputs and outputs looked like afterwards, and its exit code (0, or 3 when it finished with bad
 * inputs: a skipped step replays that 3 so the run's exit code does not change on a re-run).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepState(String step, List<String> command, String stdout, int exit, String finished,
                        double seconds, List<Fingerprint> inputs, List<Fingerprint> outputs) {
    public static final int VERSION = 1;

    public static Path file(Path stateDir, String step) {
        return stateDir.resolve(step + ".json");
    }

    /** The last success, or null when there is none or the file is unreadable (then the step just runs). */
    public static StepState load(Path stateDir, String step) {
        Path f = file(stateDir, step);
        if (!Files.isRegularFile(f)) return null;
        try {
            JsonNode tree = Json.MAPPER.readTree(f.toFile());
            if (tree.path("version").asInt() != VERSION) return null;
            return Json.MAPPER.treeToValue(tree.path("state"), StepState.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Written through a temp file and a rename: a crash leaves the previous state, never half a file. */
    public void save(Path stateDir) throws IOException {
        var doc = new java.util.LinkedHashMap<String, Object>();
        doc.put("version", VERSION);
        doc.put("state", this);
        AtomicFile.writeString(file(stateDir, step), Json.write(doc) + "\n");
    }
}
