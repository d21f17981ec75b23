package dev.cvpipe.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who owns a temp file. Each process has a token (host name, pid and 48 random bits: executors on
 * many hosts write one shared folder, and containers often all run as the same pid) that is part of
 * its temp names. While a process has temps in a folder it
 * holds an exclusive lock on {@code .cvpipe-owner.TOKEN-0.cvpipe-tmp} there. A temp is stale only
 * when that lock can be taken (or the lock file is gone): its owner died. A PID would say nothing
 * about another host; a file lock does, on local disks and on NFS alike. Where locks are not
 * supported at all, nothing of another process is ever called stale.
 *
 * <p>POSIX locks belong to the process and vanish when any of its descriptors on the file closes,
 * so the JVM keeps exactly one channel per lock file, and cleaning is serialised in this class.
 */
final class TempOwners {
    static final String TOKEN = token(hostName(), ProcessHandle.current().pid(), randomBits());
    private static final String LOCK_PREFIX = ".cvpipe-owner.";

    private static final class Held {
        final Path file;
        final FileChannel channel;
        int count;

        Held(Path file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }
    }

    private static final Map<Path, Held> HELD = new HashMap<>();
    private static final Set<Path> SCANNED = new HashSet<>();
    /** Inside a batch, idle owner locks stay held: thousands of writes into one folder take the lock once. */
    private static int batchDepth;

    private TempOwners() {}

    /**
     * {@code HOSTxPIDxRANDOM}: the host's first name label reduced to letters and digits (a token holds
     * no '.' nor '-', which delimit it in a temp name), at most 24 of them; 48 bits of {@code random}.
     */
    static String token(String host, long pid, long random) {
        String label = host == null ? "" : host.split("\\.", 2)[0].replaceAll("[^A-Za-z0-9]", "");
        if (label.length() > 24) label = label.substring(0, 24);
        return (label.isEmpty() ? "host" : label) + "x" + pid + "x" + Long.toHexString(random & 0xffffffffffffL);
    }

    /**
     * 64 bits from the kernel's random source. SecureRandom gives the same bits but sets up the
     * JDK's security providers first, ~30 ms of every command's start for six bytes; it remains
     * the way where there is no /dev/urandom.
     */
    private static long randomBits() {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/dev/urandom")) {
            byte[] b = in.readNBytes(8);
            if (b.length == 8) return java.nio.ByteBuffer.wrap(b).getLong();
        } catch (IOException | RuntimeException e) {
            // no such device here: fall through
        }
        return new SecureRandom().nextLong();
    }

    /** This machine's name without a DNS lookup where the OS tells it (a slow resolver must not delay every command). */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env == null) env = System.getenv("COMPUTERNAME");
        if (env != null && !env.isBlank()) return env.strip();
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) return Files.readString(proc).strip();
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    static String lockName(String token) {
        return LOCK_PREFIX + token + "-0" + AtomicFile.TEMP_SUFFIX;
    }

    /** The owner token in a temp name {@code .<name>.<token>-<n>.cvpipe-tmp}, or null when it has none. */
    static String tokenOf(Path temp) {
        String n = temp.getFileName().toString();
        if (!n.endsWith(AtomicFile.TEMP_SUFFIX)) return null;
        n = n.substring(0, n.length() - AtomicFile.TEMP_SUFFIX.length());
        String tail = n.substring(n.lastIndexOf('.') + 1);
        int dash = tail.indexOf('-');
        return dash <= 0 ? null : tail.substring(0, dash);
    }

    /**
     * Marks this process as owning temps in {@code dir} until the matching {@link #release}. The
     * first time in a process, stale temps of dead owners in {@code dir} are removed: every command
     * that writes a folder thereby cleans what its killed predecessors left there.
     */
    static synchronized void acquire(Path dir) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        Held h = HELD.get(dir);
        if (h != null && h.count == 0 && !Files.exists(h.file, LinkOption.NOFOLLOW_LINKS)) {
            // an idle lock whose file went with its folder (a --clean, a re-created output folder): take a new one
            HELD.remove(dir);
            unlock(h);
            h = null;
        }
        if (h == null) {
            h = lock(dir);
            HELD.put(dir, h);
        }
        h.count++;
        if (SCANNED.add(dir)) removeStale(dir, false);
    }

    static synchronized void release(Path dir) {
        dir = dir.toAbsolutePath().normalize();
        Held h = HELD.get(dir);
        if (h == null || --h.count > 0 || batchDepth > 0) return;
        HELD.remove(dir);
        unlock(h);
    }

    static synchronized void beginBatch() {
        batchDepth++;
    }

    /** Ends a batch; at the outermost, every idle owner lock is released and its file removed. */
    static synchronized void endBatch() {
        if (batchDepth == 0 || --batchDepth > 0) return;
        for (var it = HELD.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.count > 0) continue;
            it.remove();
            unlock(h);
        }
    }

    private static void unlock(Held h) {
        try {
            // deleted while still locked, so a cleaner never sees our file unlocked with temps beside it
            Files.deleteIfExists(h.file);
        } catch (IOException e) {
            // a read-only folder now: the file is harmless, the next run removes it
        }
        try {
            h.channel.close();
        } catch (IOException e) {
            // the lock goes with the descriptor either way
        }
    }

    private static Held lock(Path dir) throws IOException {
        Path f = dir.resolve(lockName(TOKEN));
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (IOException e) {
                return new Held(f, ch); // no locks on this file system: the file's presence alone keeps others off
            } catch (RuntimeException e) {
                ch.close();
                throw e;
            }
            // A cleaner may have taken the fresh file for a dead owner's and deleted it before we locked it.
            if (l != null && Files.exists(f, LinkOption.NOFOLLOW_LINKS)) return new Held(f, ch);
            ch.close();
            if (attempt == 20) throw new IOException(f + ": cannot lock the owner file");
        }
    }

    /**
     * Removes temps (files and folders) of dead owners in {@code root} (and below when {@code recursive}).
     * Best effort: what vanishes or cannot be read meanwhile (other runs work here too) is left alone.
     */
    static synchronized List<Path> removeStale(Path root, boolean recursive) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(root)) return removed;
        Map<Path, Map<String, List<Path>>> groups = new LinkedHashMap<>();
        try {
            Files.walkFileTree(root, Set.of(), recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    if (!d.equals(root) && AtomicFile.isTemp(d)) {
                        add(d);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (AtomicFile.isTemp(f)) add(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private void add(Path p) {
                    String token = tokenOf(p);
                    if (token == null || token.equals(TOKEN)) return;
                    groups.computeIfAbsent(p.getParent(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(token, k -> new ArrayList<>()).add(p);
                }
            });
        } catch (IOException e) {
            return removed;
        }
        for (var byDir : groups.entrySet()) {
            for (var group : byDir.getValue().entrySet()) {
                try {
                    removeIfOwnerGone(byDir.getKey(), group.getKey(), group.getValue(), removed);
                } catch (IOException | UncheckedIOException e) {
                    // left for a later run
                }
            }
        }
        return removed;
    }

    private static void removeIfOwnerGone(Path dir, String token, List<Path> temps, List<Path> removed) throws IOException {
        Path lockFile = dir.resolve(lockName(token));
        if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            deleteAll(temps, removed);
            return;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (IOException | OverlappingFileLockException e) {
                return; // cannot tell: assume the owner lives
            }
            if (l == null) return; // the owner is alive
            List<Path> others = temps.stream().filter(p -> !p.equals(lockFile)).toList();
            deleteAll(others, removed);
            Files.deleteIfExists(lockFile);
        } catch (java.nio.file.NoSuchFileException e) {
            deleteAll(temps, removed); // its owner released it just now: whatever we listed is gone or stale
        }
    }

    private static void deleteAll(List<Path> temps, List<Path> removed) throws IOException {
        for (Path t : temps) {
            if (!Files.exists(t, LinkOption.NOFOLLOW_LINKS)) continue;
            deleteTree(t);
            if (!t.getFileName().toString().startsWith(LOCK_PREFIX)) removed.add(t);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
