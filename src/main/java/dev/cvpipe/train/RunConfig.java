package dev.cvpipe.train;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code runs/NAME/config.json}: what {@code predict} needs to rebuild the network and feed it
 * exactly as training did. Class ids are line numbers of {@code labels.txt} beside it.
 *
 * @param training the options the run was started with, for people reading the file
 */
public record RunConfig(String model, int classes, int height, int width, String resize,
                        String normalize, float[] scale, float[] offset, long seed,
                        int epochsDone, int bestEpoch, String cvpipeVersion, Map<String, Object> training) {

    public static final String FILE = "config.json";
    public static final String LABELS = "labels.txt";

    public void write(Path runDir) throws IOException {
        AtomicFile.writeString(runDir.resolve(FILE), Json.write(this) + "\n");
    }

    public static RunConfig read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) throw new IOException(runDir + ": not a training run (no config.json; make one with 'cvpipe train')");
        return Json.MAPPER.readValue(f.toFile(), RunConfig.class);
    }

    public Normalization normalization() {
        return new Normalization(normalize, scale, offset);
    }

    /** Whether the network was built with its auxiliary head (train --aux): its layers are then numbered with the head. */
    public boolean auxHead() {
        return training != null && Boolean.TRUE.equals(training.get("aux"));
    }

    public ResizeMode resizeMode() {
        return ResizeMode.parse(resize);
    }
}
