package dev.cvpipe.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTempNorOwnerFile() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("out.txt"), names());
    }

    @Test
    void tempNamesCarryARandomOwnerPartAndAreUnique() throws IOException {
        try (AtomicFile.Temp a = AtomicFile.temp(dir.resolve("x.png")); AtomicFile.Temp b = AtomicFile.temp(dir.resolve("x.png"))) {
            String n = a.path().getFileName().toString();
            assertTrue(n.matches("\\.x\\.png\\.[A-Za-z0-9]{1,24}x" + ProcessHandle.current().pid() + "x[0-9a-f]+-\\d+\\.cvpipe-tmp"), n);
            assertFalse(a.path().equals(b.path()));
            assertEquals(TempOwners.TOKEN, TempOwners.tokenOf(a.path()));
            // while a temp is reserved, this process holds its owner lock in the folder
            assertTrue(Files.exists(dir.resolve(TempOwners.lockName(TempOwners.TOKEN))));
        }
        assertEquals(List.of(), names(), "owner file removed with the last temp");
    }

    @Test
    void tokensDifferAcrossHostsWithTheSamePidAndParseBackFromTempNames() {
        // containers on two hosts often run the JVM as the same pid: the host part and the random part keep them apart
        assertEquals("node7x1x123456789abc", TempOwners.token("node-7.cluster.example.com", 1, 0xffff123456789abcL));
        assertEquals("hostx1x0", TempOwners.token("...", 1, 0));
        assertEquals("abcdefghijklmnopqrstuvwx" + "x9x1", TempOwners.token("abcdefghijklmnopqrstuvwxyz", 9, 1));
        assertNotEquals(TempOwners.token("node-7", 1, 5), TempOwners.token("node-8", 1, 5));
        String other = TempOwners.token("worker-3.example.com", 1, 0xbeefL);
        Path temp = dir.resolve(".x.png." + other + "-12" + AtomicFile.TEMP_SUFFIX);
        assertEquals(other, TempOwners.tokenOf(temp));
        assertEquals(TempOwners.TOKEN, TempOwners.tokenOf(dir.resolve(".y.jpg." + TempOwners.TOKEN + "-3" + AtomicFile.TEMP_SUFFIX)));
    }

    /** A temp of another host's process whose lock is gone is stale; its held lock would keep it (see below). */
    @Test
    void anotherHostsTempIsJudgedByItsOwnerLock() throws IOException {
        String other = TempOwners.token("worker-3", ProcessHandle.current().pid(), 0xbeefL);
        Path temp = dir.resolve(".x.png." + other + "-1" + AtomicFile.TEMP_SUFFIX);
        Files.writeString(temp, "partial");
        Files.writeString(dir.resolve(TempOwners.lockName(other)), "");
        assertEquals(List.of(temp), AtomicFile.removeStaleTemps(dir), "same pid as ours, other host: not ours, and its lock is free");
        assertEquals(List.of(), names());
    }

    @Test
    void staleTempsOfDeadOwnersAreRemovedFilesAndFolders() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Path stale = sub.resolve(".x.png.999x1-1" + AtomicFile.TEMP_SUFFIX);
        Files.writeString(stale, "partial");
        Path staleDir = Files.createDirectories(dir.resolve(".model.999x1-2" + AtomicFile.TEMP_SUFFIX + "/variables"));
        Files.writeString(staleDir.resolve("v.data"), "x");
        AtomicFile.writeString(sub.resolve("y.txt"), "ok");
        assertFalse(Files.exists(stale), "the first write into a folder cleans its stale temps");
        assertEquals(1, AtomicFile.removeStaleTemps(dir).size());
        assertFalse(Files.exists(staleDir.getParent()));
        assertEquals("ok", Files.readString(sub.resolve("y.txt")));
    }

    /** Another live process: its lock file is held (here by a child process), so its temps stay. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void liveTempsOfAnotherOwnerStayAndDeadOnesGo() throws Exception {
        String live = "424242xabc", dead = "434343xdef";
        Path liveTemp = dir.resolve(".a.png." + live + "-1" + AtomicFile.TEMP_SUFFIX);
        Path deadTemp = dir.resolve(".b.png." + dead + "-1" + AtomicFile.TEMP_SUFFIX);
        Path liveLock = dir.resolve(TempOwners.lockName(live));
        Path deadLock = dir.resolve(TempOwners.lockName(dead));
        for (Path p : List.of(liveTemp, deadTemp, liveLock, deadLock)) Files.writeString(p, "x");
        // flock(1) takes a BSD lock, Java an fcntl one: they do not see each other, so the child is a JVM-free
        // holder of an fcntl lock: python's fcntl.lockf.
        Process holder = new ProcessBuilder("python3", "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'r+')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                liveLock.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
            List<Path> removed = AtomicFile.removeStaleTemps(dir);
            assertEquals(List.of(deadTemp), removed);
            assertTrue(Files.exists(liveTemp));
            assertTrue(Files.exists(liveLock));
            assertFalse(Files.exists(deadLock));
        } finally {
            holder.destroyForcibly().waitFor();
        }
        // the owner died: now its temp is stale
        assertEquals(List.of(liveTemp), AtomicFile.removeStaleTemps(dir));
        assertEquals(List.of(), names());
    }

    @Test
    void aFailedWriteIsAnOutputExceptionNamingTheTarget() throws IOException {
        Path f = dir.resolve("out.txt");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFile.write(f, out -> {
            throw OutputException.of(f, new IOException("No space left on device"));
        }));
        assertEquals(f + ": cannot write: No space left on device", e.getMessage());
        // a read error of the body's input stays a plain IOException
        IOException in = assertThrows(IOException.class, () -> AtomicFile.copy(dir.resolve("missing"), f));
        assertFalse(in instanceof OutputException);
    }

    @Test
    void aCleanerNeverTouchesItsOwnProcessesTemps() throws IOException {
        try (AtomicFile.Temp t = AtomicFile.temp(dir.resolve("z.txt"))) {
            Files.writeString(t.path(), "live");
            AtomicFile.removeStaleTemps(dir);
            assertTrue(Files.exists(t.path()));
            assertTrue(Files.exists(dir.resolve(TempOwners.lockName(TempOwners.TOKEN))));
        }
    }
}
