package dev.cvpipe.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run's outputs made durable together instead of one by one. The {@link AtomicFile} writes handed
 * one rename their finished temps without an fsync each and record them here; {@link #close} then
 * flushes every file system written to with one {@code syncfs} (coreutils' {@code sync -f}), or,
 * where that is not available, fsyncs each recorded file and folder. An fsync per file costs a
 * journal commit and a disk cache flush each: 450 outputs took ~1.1 s of fsyncs on this machine's
 * disk, one syncfs ~0.05 s.
 *
 * <p>Only for outputs that replace no input (to-rgb with {@code -o}): a crash of the process loses
 * nothing (the renamed files are in the page cache); a power loss during the run may leave some of the
 * outputs written so far empty, which the run never reported as done. Writes not handed one (in place,
 * where a rename replaces the only copy of an input) keep their fsync before every rename, whatever
 * else runs in the JVM.
 */
public final class DeferredSync implements AutoCloseable {
    private final List<Path> files = new ArrayList<>();

    private DeferredSync() {}

    public static DeferredSync open() {
        return new DeferredSync();
    }

    synchronized void renamed(Path target) {
        files.add(target.toAbsolutePath());
    }

    /** How many outputs wait for the flush. */
    synchronized int recorded() {
        return files.size();
    }

    /** Makes every recorded output durable; a failure is an {@link OutputException} (exit 1). */
    @Override
    public void close() throws IOException {
        List<Path> written;
        synchronized (this) {
            written = List.copyOf(files);
        }
        if (written.isEmpty()) return;
        // folders, not files: a run writes many files per folder, and each getFileStore reads the mount table
        List<Path> dirs = written.stream().map(Path::getParent).distinct().toList();
        Map<FileStore, Path> stores = new LinkedHashMap<>(); // one folder per file system is enough for syncfs
        for (Path dir : dirs) {
            try {
                stores.putIfAbsent(Files.getFileStore(dir), dir);
            } catch (IOException e) {
                throw OutputException.of(dir, e);
            }
        }
        if (syncFileSystems(stores.values())) return;
        for (Path f : written) force(f, f, StandardOpenOption.WRITE);
        for (Path dir : dirs) force(dir, dir, StandardOpenOption.READ);
    }

    /** {@code sync -f DIR...}: true when it ran and succeeded. */
    private static boolean syncFileSystems(java.util.Collection<Path> dirs) {
        List<String> cmd = new ArrayList<>(List.of("sync", "-f"));
        for (Path d : dirs) cmd.add(d.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no sync(1) here: fsync file by file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void force(Path p, Path target, StandardOpenOption mode) throws OutputException {
        try (FileChannel ch = FileChannel.open(p, mode)) {
            ch.force(true);
        } catch (IOException e) {
            throw OutputException.of(target, e);
        }
    }
}
