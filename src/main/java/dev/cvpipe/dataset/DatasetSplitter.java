package dev.cvpipe.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * {@code cvpipe split} as a library call: reads a list or class folders, places every good image
 * in {@code OUT/<class>/<file>}, and writes {@code labels.txt}, {@code train/val/test_list.txt}
 * (PaddleX: {@code <class>/<file> <id>}, UTF-8, LF) and {@code split.json}.
 *
 * <p>Re-running is safe: with the same arguments it only finishes what is missing (nothing, after
 * a complete run); with other arguments it refuses unless {@code clean} is set, because the old
 * class folders would otherwise mix with the new ones.
 */
public final class DatasetSplitter {
    public static final String LABELS_FILE = "labels.txt";
    public static final String UNLISTED_FILE = "unlisted.txt";
    /** Images placed at once: the work is waiting on the disk, not on the CPU. */
    static final int PLACE_THREADS = 8;

    /**
     * Called with 1, 2, 3... as each image's placement starts; tests make it throw from some
     * number on to simulate a run killed mid-way (no placement starts after the kill).
     */
    static volatile IntConsumer beforePlaceForTest = n -> { };

    private DatasetSplitter() {}

    public static SplitResult run(SplitRequest req, BadInputs bad) throws IOException {
        long t0 = System.nanoTime();
        Path out = req.out().toAbsolutePath().normalize();
        if (Files.exists(out) && !Files.isDirectory(out)) throw new IOException(out + ": exists and is not a folder");
        ClassNames names = req.labels() == null ? null : ClassNames.read(req.labels());
        String labelsSha = req.labels() == null ? null : LabelListReader.sha256(Files.readAllBytes(req.labels()));
        boolean inPlace = req.folders() != null && out.equals(req.folders().toAbsolutePath().normalize());

        JsonNode old = SplitManifest.read(out);
        MoveJournal journal = MoveJournal.open(out);
        LabelledSet set = req.list() != null
                ? DatasetSources.fromList(req.list(), req.images(), names, req.numClasses(), journal, out, bad)
                : DatasetSources.fromFolders(req.folders(), names, req.numClasses(), out, journal, bad);
        refuseReservedNames(set.classes(), req.labels() != null ? req.labels() : req.folders(), out);
        Map<String, Object> args = SplitManifest.arguments(req, set.inputSha256(), labelsSha);
        Log.debug("split: read %d images in %d ms", set.images().size(), (System.nanoTime() - t0) / 1_000_000);

        boolean resume = false;
        if (old != null) {
            String diff = SplitManifest.differences(old.get("arguments"), args);
            if (diff.isEmpty()) {
                resume = true;
            } else if (!req.clean()) {
                throw new IllegalStateException(out + " already holds a split made with other arguments (" + diff
                        + "); add --clean to replace it");
            } else {
                clean(out, old, journal);
            }
        } else if (!inPlace && !isEmpty(out)) {
            throw new IllegalStateException(out + " is not empty and holds no split.json; choose an empty or new folder");
        }
        AtomicFile.removeStaleTemps(out);

        warnAboutUnlisted(req, set);
        StratifiedSplit.Plan plan = StratifiedSplit.plan(set, req.val(), req.test(), req.seed());
        for (int c = 0; c < set.classes().size(); c++) {
            if (plan.byClass().get(c).values().stream().allMatch(List::isEmpty)) {
                Log.warn("class %s (%d) has no images", set.classes().name(c), c);
            }
        }
        int written = 0;
        if (!resume) {
            written += writeIfChanged(out.resolve(SplitManifest.FILE_NAME),
                    SplitManifest.render(req, args, false, inPlace, set, null, bad.count()));
        }
        for (String n : set.classes().names()) {
            Path dir = out.resolve(n);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                written++;
            }
        }
        Log.debug("split: planned in %d ms", (System.nanoTime() - t0) / 1_000_000);
        int placed = place(set, out, req.mode(), journal);
        Log.debug("split: placed %d images in %d ms", placed, (System.nanoTime() - t0) / 1_000_000);

        written += writeIfChanged(out.resolve(LABELS_FILE), set.classes().labelsText());
        for (Subset s : Subset.values()) written += writeIfChanged(out.resolve(s.listFileName()), listText(plan, set.classes(), s));
        written += writeUnlisted(out, req, set.unlisted());
        written += writeIfChanged(out.resolve(SplitManifest.FILE_NAME),
                SplitManifest.render(req, args, true, inPlace, set, plan, bad.count()));
        return new SplitResult(out, set.classes(), plan, placed, written, set.unlisted());
    }

    /** A PaddleX list: {@code <class_dir>/<file> <id>} per line, classes in id order, files by name. */
    static String listText(StratifiedSplit.Plan plan, ClassNames classes, Subset subset) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < classes.size(); c++) {
            for (LabelledImage i : plan.byClass().get(c).get(subset)) {
                sb.append(classes.name(c)).append('/').append(i.fileName()).append(' ').append(c).append('\n');
            }
        }
        return sb.toString();
    }

    private static void warnAboutUnlisted(SplitRequest req, LabelledSet set) {
        List<Path> un = set.unlisted();
        if (un.isEmpty()) return;
        Path root = (req.images() != null ? req.images() : req.folders()).toAbsolutePath().normalize();
        List<String> shown = new ArrayList<>();
        for (Path p : un.subList(0, Math.min(DatasetSources.UNLISTED_SHOWN, un.size()))) shown.add(root.relativize(p).toString());
        String what = req.list() != null ? "that " + req.list() + " does not list" : "outside any class folder";
        // the folder as the user wrote it, like every other message of split
        Path given = req.images() != null ? req.images() : req.folders();
        Log.warn("%d image(s) in %s %s, not in the split: %s%s (all in %s)", un.size(), given, what,
                String.join(", ", shown), un.size() > shown.size() ? ", ..." : "",
                req.out().resolve(UNLISTED_FILE));
    }

    /**
     * Class folders sit beside the files split writes; a class named like one of them would fail
     * half-way through a run (or be overwritten by a list), so it is refused before anything is written.
     */
    private static void refuseReservedNames(ClassNames classes, Path source, Path out) {
        List<String> reserved = new ArrayList<>(List.of(LABELS_FILE, UNLISTED_FILE, SplitManifest.FILE_NAME, MoveJournal.FILE_NAME));
        for (Subset s : Subset.values()) reserved.add(s.listFileName());
        for (String n : classes.names()) {
            for (String r : reserved) {
                // case-insensitive: on macOS and Windows file systems Labels.txt is labels.txt
                if (n.equalsIgnoreCase(r)) {
                    throw new IllegalArgumentException(source + ": class name '" + n + "' is a file split writes in " + out
                            + " (reserved: " + String.join(", ", reserved) + "); rename the class");
                }
            }
        }
    }

    private static int writeUnlisted(Path out, SplitRequest req, List<Path> unlisted) throws IOException {
        Path f = out.resolve(UNLISTED_FILE);
        if (unlisted.isEmpty()) {
            return Files.deleteIfExists(f) ? 1 : 0;
        }
        Path root = (req.images() != null ? req.images() : req.folders()).toAbsolutePath().normalize();
        StringBuilder sb = new StringBuilder();
        for (Path p : unlisted) sb.append(root.relativize(p).toString().replace('\\', '/')).append('\n');
        return writeIfChanged(f, sb.toString());
    }

    /** Writes only when the bytes differ, so an identical re-run leaves every file (and its mtime) alone. */
    static int writeIfChanged(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) return 0;
        AtomicFile.writeBytes(file, bytes);
        return 1;
    }

    private static int place(LabelledSet set, Path out, LinkMode mode, MoveJournal journal) throws IOException {
        List<Map.Entry<Path, Path>> todo = new ArrayList<>();
        for (LabelledImage i : set.images()) {
            Path dst = out.resolve(set.classes().name(i.classId())).resolve(i.fileName());
            if (!upToDate(i.source(), dst, mode)) todo.add(Map.entry(i.source(), dst));
        }
        if (todo.isEmpty()) return 0;
        if (mode == LinkMode.MOVE) journal.recordIntents(todo);
        // Each copy ends in an fsync; several in flight let the file system batch them, which is
        // what makes a 2,000-image copy take seconds rather than tens of seconds.
        ExecutorService pool = Executors.newFixedThreadPool(PLACE_THREADS);
        AtomicInteger started = new AtomicInteger();
        try (Progress p = new Progress("split: " + mode.label(), todo.size())) {
            List<Future<?>> futures = new ArrayList<>(todo.size());
            for (Map.Entry<Path, Path> t : todo) {
                futures.add(pool.submit(() -> {
                    beforePlaceForTest.accept(started.incrementAndGet());
                    placeOne(t.getKey(), t.getValue(), mode);
                    p.step();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    pool.shutdownNow();
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return todo.size();
    }

    private static boolean upToDate(Path src, Path dst, LinkMode mode) throws IOException {
        if (!Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) return false;
        if (Files.exists(src, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(src, dst) && !Files.isSymbolicLink(dst)) {
            return true; // in place, or the hard link we made
        }
        return switch (mode) {
            case MOVE -> !Files.exists(src, LinkOption.NOFOLLOW_LINKS);
            case COPY -> Files.isRegularFile(dst, LinkOption.NOFOLLOW_LINKS) && Files.size(dst) == Files.size(src);
            case SYMLINK -> Files.isSymbolicLink(dst) && Files.readSymbolicLink(dst).equals(src.toRealPath());
            case HARDLINK -> false;
        };
    }

    private static void placeOne(Path src, Path dst, LinkMode mode) throws IOException {
        switch (mode) {
            case COPY -> AtomicFile.copy(src, dst);
            case MOVE -> MoveJournal.finishMove(src, dst);
            case HARDLINK -> {
                try (AtomicFile.Temp tmp = AtomicFile.temp(dst)) {
                    try {
                        Files.createLink(tmp.path(), src.toRealPath());
                    } catch (IOException e) {
                        throw new IOException(dst + ": cannot hard-link (" + e.getMessage() + "); hard links need one file system, try --mode copy");
                    }
                    tmp.commit();
                }
            }
            case SYMLINK -> {
                try (AtomicFile.Temp tmp = AtomicFile.temp(dst)) {
                    Files.createSymbolicLink(tmp.path(), src.toRealPath());
                    tmp.commit();
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(AtomicFile::isTemp);
        }
    }

    /**
     * Removes an old split before a new one replaces it: moved images go back to where they came
     * from first, and a class folder that still holds files after that is left alone and stops
     * the run, so --clean can never delete the only copy of an image.
     */
    private static void clean(Path out, JsonNode old, MoveJournal journal) throws IOException {
        boolean wasMove = "move".equals(old.path("arguments").path("mode").asText());
        boolean wasInPlace = old.path("in_place").asBoolean(false);
        if (wasMove) {
            int back = journal.undo();
            Log.info("--clean: moved %d image(s) back to where they came from", back);
        }
        if (!wasInPlace) {
            for (JsonNode c : old.path("classes")) {
                String name = c.path("name").asText();
                new ClassNames(List.of(name)); // refuses "..", "/" and the like before anything is deleted
                Path dir = out.resolve(name);
                if (!dir.getParent().equals(out) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
                if (wasMove) {
                    deleteEmptyTree(dir);
                } else {
                    deleteTree(dir);
                }
            }
        }
        for (String f : new String[] {LABELS_FILE, UNLISTED_FILE, SplitManifest.FILE_NAME,
                Subset.TRAIN.listFileName(), Subset.VAL.listFileName(), Subset.TEST.listFileName()}) {
            Files.deleteIfExists(out.resolve(f));
        }
        Log.info("--clean: removed the previous split in %s", out);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
    }

    private static void deleteEmptyTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(p + ": still here after moving the images back; --clean stops rather than delete it");
                }
                Files.delete(p);
            }
        }
    }
}
