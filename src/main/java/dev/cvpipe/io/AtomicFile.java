package dev.cvpipe.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every output file cvpipe writes goes through here: written to a temp file beside the target,
 * flushed to disk, then renamed over it. A killed run therefore leaves each target either as it
 * was or complete, plus at worst a stale temp that the next run writing that folder removes
 * (see {@link TempOwners}: a temp is stale only once its owning process is gone, on any host).
 * Failures to write are {@link OutputException}s naming the target, never the temp.
 */
public final class AtomicFile {
    /** Temp files are {@code .<name>.<owner>-<n>.cvpipe-tmp}: hidden, and recognisable after a crash. */
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

    /**
     * A reserved temp path beside a target (nothing is created): the caller makes a file, link or
     * folder there, then {@link #commit}s it. Closing deletes whatever is left and ends this
     * process's claim on it, so use it in try-with-resources.
     */
    public static final class Temp implements AutoCloseable {
        private final Path target;
        private final Path path;
        private final Path dir;
        private boolean open = true;
        private boolean written;
        private boolean renamed;

        private Temp(Path target) throws IOException {
            this.target = target;
            this.dir = target.toAbsolutePath().getParent();
            try {
                // createDirectories on an existing folder fails a mkdir and builds an exception to find out
                if (!Files.isDirectory(dir)) Files.createDirectories(dir);
                TempOwners.acquire(dir);
            } catch (IOException e) {
                throw OutputException.of(target, e);
            }
            this.path = dir.resolve("." + target.getFileName() + "." + TempOwners.TOKEN + "-" + COUNTER.incrementAndGet() + TEMP_SUFFIX);
        }

        public Path path() {
            return path;
        }

        /** A new file at {@link #path}; its write failures are {@link OutputException}s about the target. */
        public OutputStream newOutputStream() throws IOException {
            try {
                written = true;
                return guard(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), target);
            } catch (IOException e) {
                throw OutputException.of(target, e);
            }
        }

        /**
         * Renames the temp over the target, after an fsync when it was written through
         * {@link #newOutputStream} (a hard link to an input is not ours to open for writing).
         */
        public void commit() throws IOException {
            commit(null);
        }

        /** As {@link #commit()}; with a {@code deferred} (may be null) that makes the file durable later, with others. */
        public void commit(DeferredSync deferred) throws IOException {
            try {
                if (written && deferred == null) {
                    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
                rename(path, target);
                renamed = true;
                if (written && deferred != null) deferred.renamed(target);
            } catch (IOException e) {
                throw OutputException.of(target, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (!open) return;
            open = false;
            try {
                if (!renamed) TempOwners.deleteTree(path); // once renamed, nothing is left at path
            } finally {
                TempOwners.release(dir);
            }
        }
    }

    private AtomicFile() {}

    /**
     * Runs {@code body} as one batch of writes: the per-folder owner locks taken on the way are kept
     * until it ends instead of being taken and dropped around every file (cvpipe runs each command
     * as a batch; library callers need not).
     */
    public static <T> T batch(java.util.concurrent.Callable<T> body) throws Exception {
        TempOwners.beginBatch();
        try {
            return body.call();
        } finally {
            TempOwners.endBatch();
        }
    }

    /** Reserves a temp beside {@code target}, creating parent folders as needed. */
    public static Temp temp(Path target) throws IOException {
        return new Temp(target);
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
        write(target, body, check, null);
    }

    /** As above; a non-null {@code deferred} replaces the fsync before the rename (see {@link DeferredSync}). */
    public static void write(Path target, Body body, Check check, DeferredSync deferred) throws IOException {
        try (Temp t = temp(target)) {
            try (OutputStream out = new BufferedOutputStream(t.newOutputStream(), 1 << 16)) {
                body.write(out);
            }
            check.verify(t.path());
            t.commit(deferred);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Copies {@code source} (an input: must be a regular file) to {@code target} through a temp file. */
    public static void copy(Path source, Path target) throws IOException {
        InputFiles.requireRegular(source);
        write(target, out -> Files.copy(source, out));
    }

    /** Renames {@code from} over {@code to}, atomically where the file system can. */
    public static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** {@code out} with every write failure turned into an {@link OutputException} about {@code target}. */
    public static OutputStream guard(OutputStream out, Path target) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                onTarget(target, () -> out.write(b));
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                onTarget(target, () -> out.write(b, off, len));
            }

            @Override
            public void flush() throws IOException {
                onTarget(target, out::flush);
            }

            @Override
            public void close() throws IOException {
                onTarget(target, out::close);
            }
        };
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void onTarget(Path target, Io io) throws OutputException {
        try {
            io.run();
        } catch (IOException e) {
            throw OutputException.of(target, e);
        }
    }

    /**
     * Deletes temp files and folders that killed runs left in {@code dir} and below, and only
     * those whose owning process is gone (a concurrent run's live temps stay); returns what it removed.
     */
    public static List<Path> removeStaleTemps(Path dir) {
        return TempOwners.removeStale(dir, true);
    }

    /** As {@link #removeStaleTemps}, in {@code dir} itself only. */
    public static List<Path> removeStaleTempsHere(Path dir) {
        return TempOwners.removeStale(dir, false);
    }
}
