package dev.cvpipe.dataset;

import dev.cvpipe.io.SafePaths;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns the two kinds of input {@code split} accepts into a {@link LabelledSet}: a list file plus
 * its images folder, or a folder with one sub-folder per class. Every entry that cannot be used
 * is reported through {@link BadInputs} and left out; nothing is guessed.
 */
public final class DatasetSources {
    private DatasetSources() {}

    /** How many unlisted names a warning shows before "...". */
    public static final int UNLISTED_SHOWN = 5;

    /**
     * @param names class names from {@code --labels}, or null for numbered classes
     * @param numClasses the allowed id range, or null (then names' size, or the largest id + 1)
     * @param journal a move journal whose moved images count as present, or null
     * @param skip a folder inside the images folder not to scan for unlisted images (the output), or null
     */
    public static LabelledSet fromList(Path list, Path images, ClassNames names, Integer numClasses,
                                       MoveJournal journal, Path skip, BadInputs bad) throws IOException {
        if (!Files.isDirectory(images)) throw new IOException(images + ": not a folder");
        if (names != null && numClasses != null && numClasses != names.size()) {
            throw new IllegalArgumentException("--num-classes " + numClasses + " but the labels file names " + names.size() + " classes");
        }
        Integer range = names != null ? Integer.valueOf(names.size()) : numClasses;
        LabelListReader.Result read = LabelListReader.read(list, range);
        // Every problem is collected first and reported in line order, whichever check found it.
        List<LabelListReader.Problem> problems = new ArrayList<>(read.problems());

        // Group lines by the file they resolve to, keeping line order, to judge duplicates whole.
        Map<Path, List<ListLine>> byFile = new LinkedHashMap<>();
        Set<Path> mentioned = new HashSet<>();
        for (ListLine line : read.lines()) {
            Path file = resolve(images, line, journal, mentioned, problems);
            if (file != null) byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(line);
        }
        List<LabelledImage> kept = new ArrayList<>();
        for (Map.Entry<Path, List<ListLine>> e : byFile.entrySet()) {
            List<ListLine> lines = e.getValue();
            ListLine first = lines.get(0);
            boolean conflict = lines.stream().anyMatch(l -> l.label() != first.label());
            if (conflict) {
                for (ListLine l : lines) {
                    problems.add(new LabelListReader.Problem(l.lineNumber(), l.where(),
                            "'" + l.path() + "' is listed " + describe(lines, l) + "; neither is kept"));
                }
                continue;
            }
            for (ListLine l : lines.subList(1, lines.size())) {
                Log.warn("%s: '%s' repeats line %d with the same class; kept once", l.where(), l.path(), first.lineNumber());
            }
            kept.add(new LabelledImage(first.where(), e.getKey(), e.getKey().getFileName().toString(), first.label()));
        }
        problems.sort(java.util.Comparator.comparingInt(LabelListReader.Problem::lineNumber));
        for (LabelListReader.Problem p : problems) bad.report(p.where(), p.reason());
        int maxId = kept.stream().mapToInt(LabelledImage::classId).max().orElse(-1);
        ClassNames classes = names != null ? names : ClassNames.numbered(numClasses != null ? numClasses : maxId + 1);
        List<LabelledImage> unique = dropNameClashes(kept, bad);
        return new LabelledSet(unique, classes, read.sha256(), unlisted(images, mentioned, skip));
    }

    /** "as class 1 here and as class 3 on line 36". */
    private static String describe(List<ListLine> lines, ListLine self) {
        StringBuilder sb = new StringBuilder("as class " + self.label() + " here");
        for (ListLine l : lines) {
            if (l != self) sb.append(" and as class ").append(l.label()).append(" on line ").append(l.lineNumber());
        }
        return sb.toString();
    }

    /**
     * The file a list line names, or null after adding to {@code problems} why there is none (not
     * found, outside the images folder, a broken symlink). {@code journal} may be null.
     */
    static Path resolve(Path images, ListLine line, MoveJournal journal, Set<Path> mentioned,
                                List<LabelListReader.Problem> problems) throws IOException {
        Path found;
        try {
            found = SafePaths.resolve(images, line.path());
        } catch (IllegalArgumentException e) {
            // a refused symlink inside the folder is still listed: it must not come back as an unlisted file
            try {
                for (Path c : SafePaths.candidates(images, line.path())) {
                    if (Files.exists(c, LinkOption.NOFOLLOW_LINKS)) mentioned.add(c);
                }
            } catch (IllegalArgumentException notInside) {
                // an absolute or ../ path names nothing in the folder
            }
            problems.add(problem(line, e.getMessage()));
            return null;
        }
        if (Files.exists(found, LinkOption.NOFOLLOW_LINKS)) {
            mentioned.add(found);
            return found;
        }
        if (journal != null) {
            for (Path c : SafePaths.candidates(images, line.path())) {
                Path moved = journal.targetOf(c);
                if (moved != null && Files.exists(moved, LinkOption.NOFOLLOW_LINKS)) return c;
            }
        }
        problems.add(problem(line, "'" + line.path() + "' not found in " + images));
        return null;
    }

    private static LabelListReader.Problem problem(ListLine line, String reason) {
        return new LabelListReader.Problem(line.lineNumber(), line.where(), reason);
    }

    /** Two different files with one name cannot share a class folder: the later ones are reported. */
    private static List<LabelledImage> dropNameClashes(List<LabelledImage> images, BadInputs bad) {
        Map<String, LabelledImage> byTarget = new HashMap<>();
        List<LabelledImage> out = new ArrayList<>(images.size());
        for (LabelledImage i : images) {
            LabelledImage prev = byTarget.putIfAbsent(i.classId() + "/" + i.fileName(), i);
            if (prev != null) {
                bad.report(i.where(), "another file named '" + i.fileName() + "' is already in class " + i.classId()
                        + " (" + prev.where() + "); left out");
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Path> unlisted(Path images, Set<Path> mentioned, Path skip) throws IOException {
        Path skipAbs = skip == null ? null : skip.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (Path p : ImageScan.under(images)) {
            if (skipAbs != null && p.startsWith(skipAbs)) continue;
            if (!mentioned.contains(p)) out.add(p);
        }
        return out;
    }

    /**
     * A folder holding one sub-folder per class. Folder names that are all integers are class ids
     * (named {@code 00..NN} in the split); otherwise classes are the folder names in sorted order,
     * unless {@code names} (from {@code --labels}) fixes the ids. Only images directly inside a
     * class folder are taken; images loose in {@code root} are reported as unlisted.
     */
    public static LabelledSet fromFolders(Path root, ClassNames names, Integer numClasses, Path skip,
                                          MoveJournal journal, BadInputs bad) throws IOException {
        if (!Files.isDirectory(root)) throw new IOException(root + ": not a folder");
        Path base = root.toAbsolutePath().normalize();
        Path skipAbs = skip == null ? null : skip.toAbsolutePath().normalize();
        TreeMap<String, Path> folders = new TreeMap<>();
        List<Path> loose = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (ImageScan.isHidden(p)) continue;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (skipAbs == null || !p.equals(skipAbs)) folders.put(p.getFileName().toString(), p);
                } else if (ImageScan.isImageName(p.getFileName().toString())) {
                    loose.add(p);
                }
            }
        }
        Map<String, Integer> ids = classIds(folders.keySet(), names, numClasses, base, bad);
        ClassNames classes = names != null ? names
                : ids.keySet().stream().allMatch(n -> n.matches("\\d+"))
                ? ClassNames.numbered(numClasses != null ? numClasses : ids.values().stream().mapToInt(i -> i).max().orElse(-1) + 1)
                : new ClassNames(new ArrayList<>(ids.keySet()));

        List<LabelledImage> images = new ArrayList<>();
        StringBuilder listing = new StringBuilder();
        int ignored = 0;
        for (Map.Entry<String, Integer> c : ids.entrySet()) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(folders.get(c.getKey()))) {
                s.filter(p -> !ImageScan.isHidden(p)).forEach(files::add);
            }
            if (journal != null) files.addAll(movedAway(journal, folders.get(c.getKey())));
            files.sort(null);
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS) || !ImageScan.isImageName(name)) {
                    ignored++;
                    continue;
                }
                if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                    // moved into the split by an earlier --mode move run (see movedAway)
                    images.add(new LabelledImage(f.toString(), f, name, c.getValue()));
                    listing.append(c.getKey()).append('/').append(name).append('\n');
                    continue;
                }
                try {
                    SafePaths.requireInside(base, f);
                } catch (java.nio.file.NoSuchFileException e) {
                    bad.report(f, "broken symlink");
                    continue;
                } catch (IllegalArgumentException e) {
                    bad.report(f, e.getMessage() + "; not followed");
                    continue;
                }
                images.add(new LabelledImage(f.toString(), f, name, c.getValue()));
                listing.append(c.getKey()).append('/').append(name).append('\n');
            }
        }
        if (ignored > 0) Log.info("%s: ignored %d entries in class folders that are not image files", root, ignored);
        String sha = LabelListReader.sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
        loose.sort(null);
        return new LabelledSet(images, classes, sha, loose);
    }

    /** Images an earlier {@code --mode move} took out of {@code folder} and that are safe at their target. */
    private static List<Path> movedAway(MoveJournal journal, Path folder) {
        List<Path> out = new ArrayList<>();
        for (Map.Entry<Path, Path> m : journal.moves().entrySet()) {
            Path src = m.getKey();
            if (folder.equals(src.getParent()) && !Files.exists(src, LinkOption.NOFOLLOW_LINKS)
                    && Files.exists(m.getValue(), LinkOption.NOFOLLOW_LINKS)) {
                out.add(src);
            }
        }
        return out;
    }

    private static Map<String, Integer> classIds(Set<String> folders, ClassNames names, Integer numClasses, Path root,
                                                 BadInputs bad) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        boolean numeric = !folders.isEmpty() && folders.stream().allMatch(n -> n.matches("\\d{1,9}"));
        int next = 0;
        for (String f : folders) {
            int id = names != null ? names.idOf(f) : numeric ? Integer.parseInt(f) : next++;
            if (id < 0) {
                bad.report(root.resolve(f), "folder is not one of the classes in the labels file; its images are left out");
            } else if (numClasses != null && id >= numClasses) {
                bad.report(root.resolve(f), "class " + id + " is outside 0.." + (numClasses - 1) + " (--num-classes); left out");
            } else if (ids.containsValue(id)) {
                bad.report(root.resolve(f), "another folder is already class " + id + "; left out");
            } else {
                ids.put(f, id);
            }
        }
        return ids;
    }
}
