package dev.cvpipe.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a split folder (the layout 'cvpipe split' writes) from test-data/cat12-mini's list:
 * the first {@code valPerClass} listed images of each class go to val_list.txt.
 */
public final class SplitFixture {
    public static final Path MINI = Path.of("test-data/cat12-mini");

    private SplitFixture() {}

    public static Path make(Path out, int valPerClass) throws IOException {
        Map<Integer, List<String>> byClass = new TreeMap<>();
        for (String line : Files.readAllLines(MINI.resolve("train_list.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t");
            byClass.computeIfAbsent(Integer.parseInt(f[1].strip()), k -> new ArrayList<>()).add(f[0]);
        }
        StringBuilder labels = new StringBuilder(), train = new StringBuilder(), val = new StringBuilder();
        for (var e : byClass.entrySet()) {
            String dir = String.format("%02d", e.getKey());
            labels.append(dir).append('\n');
            Files.createDirectories(out.resolve(dir));
            List<String> files = e.getValue();
            for (int i = 0; i < files.size(); i++) {
                String name = Path.of(files.get(i)).getFileName().toString();
                Files.copy(MINI.resolve(files.get(i)), out.resolve(dir).resolve(name));
                (i < valPerClass ? val : train).append(dir).append('/').append(name).append(' ').append(e.getKey()).append('\n');
            }
        }
        Files.writeString(out.resolve("labels.txt"), labels);
        Files.writeString(out.resolve("train_list.txt"), train);
        Files.writeString(out.resolve("val_list.txt"), val);
        return out;
    }
}
