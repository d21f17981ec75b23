package dev.cvpipe.testdata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tiny tmpfs mounted at a folder, to make "disk full" and "read-only" real. Needs root (CI and
 * the dev machines run tests as root); elsewhere the calling test is skipped, never failed.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    /** Mounts {@code kib} KiB of tmpfs at {@code dir} (created), with extra mount options such as "ro". */
    public static SmallDisk mount(Path dir, int kib, String... options) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "a tmpfs mount needs root");
        Files.createDirectories(dir);
        String opts = "size=" + kib + "k" + (options.length > 0 ? "," + String.join(",", options) : "");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(ok, "mount -t tmpfs failed (no CAP_SYS_ADMIN?)");
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Remounts read-only or read-write. */
    public void remount(String mode) throws IOException, InterruptedException {
        run("mount", "-o", "remount," + mode, dir.toString());
    }

    /** Grows or shrinks the tmpfs (shrinking below what it holds fails). */
    public void remountSize(int kib) throws IOException, InterruptedException {
        run("mount", "-o", "remount,size=" + kib + "k", dir.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", dir.toString());
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": " + new String(p.getInputStream().readAllBytes()));
        }
    }
}
