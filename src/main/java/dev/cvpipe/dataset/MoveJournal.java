package dev.cvpipe.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers where {@code --mode move} sent each image, so a killed or repeated run knows that a
 * file missing from the images folder is safe in the split and not lost. Before any file moves,
 * the whole batch of {@code source -> target} pairs is appended (one JSON object per line) and
 * fsynced; only then are the files renamed. Every state a crash can leave is recoverable from the
 * file system plus this record: source only (move again), target only (done), both (the
 * cross-device copy finished but the source was not yet deleted: delete it if identical).
 * The journal stays in the split folder as the record of where the images came from.
 */
public final class MoveJournal {
    public static final String FILE_NAME = ".cvpipe-moves.jsonl";

    private final Path file;
    private final Map<Path, Path> targetBySource = new LinkedHashMap<>();

    private MoveJournal(Path file) {
        this.file = file;
    }

    /** Loads the journal in {@code outDir}; a half-written last line (killed mid-append) is ignored. */
    public static MoveJournal open(Path outDir) throws IOException {
        MoveJournal j = new MoveJournal(outDir.resolve(FILE_NAME));
        if (Files.exists(j.file)) {
            for (String line : Files.readAllLines(j.file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    j.targetBySource.put(Path.of(n.get("src").asText()), Path.of(n.get("dst").asText()));
                } catch (IOException | RuntimeException e) {
                    // only the last line can be torn; anything it named was not moved yet
                }
            }
        }
        return j;
    }

    public Path file() {
        return file;
    }

    /** Where {@code source} was moved, if this journal moved it. */
    public Path targetOf(Path source) {
        return targetBySource.get(source);
    }

    public Map<Path, Path> moves() {
        return Map.copyOf(targetBySource);
    }

    /** Records the pairs durably before any of them is moved. */
    public void recordIntents(List<Map.Entry<Path, Path>> pairs) throws IOException {
        if (pairs.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Path, Path> p : pairs) {
            Map<String, String> rec = new LinkedHashMap<>();
            rec.put("src", p.getKey().toString());
            rec.put("dst", p.getValue().toString());
            sb.append(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rec)).append('\n');
            targetBySource.put(p.getKey(), p.getValue());
        }
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    /**
     * Brings one recorded move to its end state: the image at {@code target}, not at {@code source}.
     * @return false when it was already there
     */
    public static boolean finishMove(Path source, Path target) throws IOException {
        boolean src = Files.exists(source, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        boolean dst = Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!src && dst) return false;
        if (!src) throw new IOException(source + ": gone, and not at " + target + " either");
        if (dst && Files.size(source) == Files.size(target) && Files.mismatch(source, target) == -1) {
            Files.delete(source); // a cross-device copy had finished; only the delete was missing
            return true;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            dev.cvpipe.io.AtomicFile.copy(source, target);
            Files.delete(source);
        }
        return true;
    }

    /** Moves every image this journal moved back to where it came from (for {@code --clean}). */
    public int undo() throws IOException {
        int n = 0;
        for (Map.Entry<Path, Path> m : targetBySource.entrySet()) {
            if (Files.exists(m.getValue(), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !Files.exists(m.getKey(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                finishMove(m.getValue(), m.getKey());
                n++;
            }
        }
        Files.deleteIfExists(file);
        targetBySource.clear();
        return n;
    }
}
