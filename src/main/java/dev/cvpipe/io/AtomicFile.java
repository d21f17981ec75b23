package dev.cvpipe.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every output file cvpipe writes goes through here: written to a temp file beside the target,
 * flushed to disk, then renamed over it. A killed run therefore leaves each target either as it
 * was or complete, plus at worst a stale temp file that {@link #removeStaleTemps} cleans up.
 */
public final class AtomicFile {
    /** Temp files are {@code .<name>.<pid>-<n>.cvpipe-tmp}: hidden, and recognisable after a crash. */
    public static final String TEMP_SUFFIX = ".cvpipe-tmp";

    private static final AtomicLong COUNTER = new AtomicLong();

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Checks a finished temp file before it replaces the target; throwing keeps the target as it was. */
    @FunctionalInterface
    public interface Check {
        void verify(Path tmp) throws IOException;
    }

    private AtomicFile() {}

    public static Path tempFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String name = "." + target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + TEMP_SUFFIX;
        return dir.resolve(name);
    }

    public static boolean isTemp(Path p) {
        return p.getFileName().toString().endsWith(TEMP_SUFFIX);
    }

    /** Writes {@code target} atomically, creating parent folders as needed. */
    public static void write(Path target, Body body) throws IOException {
        write(target, body, tmp -> { });
    }

    /** As {@link #write(Path, Body)}, but renames over {@code target} only after {@code check} accepts the temp file. */
    public static void write(Path target, Body body, Check check) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = tempFor(target);
        boolean done = false;
        try {
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                body.write(out);
            }
            check.verify(tmp);
            commit(tmp, target);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Copies {@code source} to {@code target} through a temp file. */
    public static void copy(Path source, Path target) throws IOException {
        write(target, out -> Files.copy(source, out));
    }

    /** fsyncs a finished temp file and renames it over {@code target}. */
    public static void commit(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes temp files a killed run left in {@code dir} and below; returns what it removed. */
    public static List<Path> removeStaleTemps(Path dir) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        try (var walk = Files.walk(dir)) {
            walk.filter(p -> isTemp(p) && Files.isRegularFile(p)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                    removed.add(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }

}
