package dev.cvpipe.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Class id &rarr; name, which is also the class's folder name in a split. Either numbers padded
 * to the widest id ({@code 00..11}, as the cat-12 article names its folders) or the lines of a
 * {@code labels.txt} (line i names class i; PaddleClas-style {@code "0 cat"} lines also work).
 */
public record ClassNames(List<String> names) {
    public ClassNames {
        names = List.copyOf(names);
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            checkFolderName(n);
            if (!seen.add(n)) throw new IllegalArgumentException("class name '" + n + "' appears twice");
        }
    }

    public static ClassNames numbered(int count) {
        int width = Integer.toString(Math.max(0, count - 1)).length();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(String.format("%0" + width + "d", i));
        return new ClassNames(names);
    }

    /** Reads a labels file: one name per line, or {@code ID NAME} on every line. */
    public static ClassNames read(Path labels) throws IOException {
        String text = dev.cvpipe.io.InputFiles.readText(labels);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\r\n|\r|\n")) {
            if (!l.isBlank() && !l.strip().startsWith("#")) lines.add(l.strip());
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(labels + ": no class names");
        boolean numbered = lines.stream().allMatch(l -> l.matches("\\d+\\s+\\S.*"));
        if (!numbered) {
            try {
                return new ClassNames(lines);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(labels + ": " + e.getMessage());
            }
        }
        String[] byId = new String[lines.size()];
        for (String l : lines) {
            String[] kv = l.split("\\s+", 2);
            int id = Integer.parseInt(kv[0]);
            if (id >= byId.length || byId[id] != null) {
                throw new IllegalArgumentException(labels + ": ids must be 0.." + (byId.length - 1) + ", each once (line '" + l + "')");
            }
            byId[id] = kv[1].strip();
        }
        return new ClassNames(List.of(byId));
    }

    public int size() {
        return names.size();
    }

    public String name(int id) {
        return names.get(id);
    }

    public int idOf(String name) {
        return names.indexOf(name);
    }

    /** The labels.txt we write: PaddleX's, one name per line in id order, LF. */
    public String labelsText() {
        StringBuilder sb = new StringBuilder();
        for (String n : names) sb.append(n).append('\n');
        return sb.toString();
    }

    private static void checkFolderName(String n) {
        if (n.isEmpty() || n.equals(".") || n.equals("..") || n.contains("/") || n.contains("\\")
                || n.indexOf('\0') >= 0 || n.startsWith(".")) {
            throw new IllegalArgumentException("class name '" + n + "' cannot be a folder name");
        }
    }
}
