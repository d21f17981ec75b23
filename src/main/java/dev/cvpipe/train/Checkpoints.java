package dev.cvpipe.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's checkpoints: one folder per saved epoch ({@code checkpoints/epoch-0003/} holding the
 * TF checkpoint {@code model.*} and {@code state.json}), and {@code checkpoints.json} naming the
 * {@code last} and {@code best} folders. A folder is complete before it gets its final name and
 * the pointer file is replaced atomically, so a run killed at any moment leaves the previous
 * pointer valid; folders no pointer names are deleted afterwards.
 */
public final class Checkpoints {
    public static final String POINTER = "checkpoints.json";
    private static final String PREFIX = "model";
    /** The pointer (and folder) of the stochastic-weight-averaged weights. */
    public static final String SWA = "swa";
    /** The pointer to the epoch whose EMA weights (train --ema) scored best; read by building the network under {@link TrainGraph#EMA_SCOPE}. */
    public static final String EMA = "ema";

    private final Path runDir;
    private final Path dir;

    public Checkpoints(Path runDir) {
        this.runDir = runDir;
        this.dir = runDir.resolve("checkpoints");
    }

    /** Where training stood after a saved epoch: enough to continue exactly there. */
    public record State(int epochsDone, long globalStep, int bestEpoch, double bestValue, int sinceBest,
                        List<EpochMetrics> history, int emaBestEpoch, double emaBestValue) {
        public State(int epochsDone, long globalStep, int bestEpoch, double bestValue, int sinceBest, List<EpochMetrics> history) {
            this(epochsDone, globalStep, bestEpoch, bestValue, sinceBest, history, 0, Double.NEGATIVE_INFINITY);
        }
    }

    public boolean exists() {
        return Files.isRegularFile(runDir.resolve(POINTER));
    }

    /**
     * Forgets the run so a new one can start in the same folder (pipelines re-running a changed
     * train step). The pointer goes first: a kill part way leaves no run, never a half one.
     */
    public void discard() throws IOException {
        Files.deleteIfExists(runDir.resolve(POINTER));
        deleteTree(dir);
    }

    private Map<String, String> pointers() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (!exists()) return m;
        JsonNode n = Json.MAPPER.readTree(runDir.resolve(POINTER).toFile());
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The TF checkpoint prefix of {@code which} ("last", "best", "swa" or "ema"), if saved. */
    public Optional<String> prefix(String which) throws IOException {
        String folder = pointers().get(which);
        return folder == null ? Optional.empty() : Optional.of(dir.resolve(folder).resolve(PREFIX).toString());
    }

    public Optional<State> lastState() throws IOException {
        String folder = pointers().get("last");
        if (folder == null) return Optional.empty();
        return Optional.of(Json.MAPPER.readValue(dir.resolve(folder).resolve("state.json").toFile(), State.class));
    }

    /** Saves epoch {@code state.epochsDone()} as the last checkpoint, and as best when {@code best}. */
    public void save(TrainGraph graph, State state, boolean best) throws IOException {
        save(graph, state, best, false);
    }

    /** As {@link #save(TrainGraph, State, boolean)}; {@code emaBest}: also point {@code ema} at this epoch. */
    public void save(TrainGraph graph, State state, boolean best, boolean emaBest) throws IOException {
        String name = String.format("epoch-%04d", state.epochsDone());
        Path target = dir.resolve(name);
        Map<String, String> ptr;
        try (AtomicFile.Temp tmp = savedFolder(graph, target, state)) {
            ptr = pointers();
            // A folder of the same name is left from a killed run that never got pointed at: replace it.
            if (!ptr.containsValue(name)) deleteTree(target);
            else throw new IOException(target + ": already saved (is another cvpipe training into " + runDir + "?)");
            tmp.commit();
        }
        ptr.put("last", name);
        if (best || !ptr.containsKey("best")) ptr.put("best", name);
        if (emaBest) ptr.put(EMA, name);
        ptr.remove(SWA); // averaged over earlier epochs only: a continued run writes a new one at its end
        AtomicFile.writeString(runDir.resolve(POINTER), Json.write(ptr));
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                String n = p.getFileName().toString();
                // temps are left to AtomicFile: only their owner, or the first run after it died, removes them
                if (!ptr.containsValue(n) && !AtomicFile.isTemp(p)) deleteTree(p);
            }
        }
    }

    /** A temporary folder holding the graph's checkpoint (and {@code state}, if any), every file fsynced. */
    private AtomicFile.Temp savedFolder(TrainGraph graph, Path target, State state) throws IOException {
        AtomicFile.Temp tmp = AtomicFile.temp(target);
        try {
            Files.createDirectories(tmp.path());
            graph.save(tmp.path().resolve(PREFIX).toString());
            // plainly: the folder is the temp (renamed when complete), and every file in it is fsynced below
            if (state != null) Files.writeString(tmp.path().resolve("state.json"), Json.write(state));
            try (Stream<Path> files = Files.list(tmp.path())) {
                for (Path f : files.toList()) {
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            tmp.close();
            throw e;
        }
    }

    /**
     * Saves the graph's current weights as the {@code swa} checkpoint (folder {@code checkpoints/swa},
     * pointer {@code "swa"}), replacing an earlier one; last and best are kept.
     */
    public void saveSwa(TrainGraph graph) throws IOException {
        Map<String, String> ptr;
        try (AtomicFile.Temp tmp = savedFolder(graph, dir.resolve(SWA), null)) {
            ptr = pointers();
            // Unpoint the old average before replacing its folder, so a kill in between leaves no torn pointer.
            if (ptr.remove(SWA) != null) AtomicFile.writeString(runDir.resolve(POINTER), Json.write(ptr));
            deleteTree(dir.resolve(SWA));
            tmp.commit();
        }
        ptr.put(SWA, SWA);
        AtomicFile.writeString(runDir.resolve(POINTER), Json.write(ptr));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
