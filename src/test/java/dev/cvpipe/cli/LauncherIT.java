package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cvpipe as a subprocess (runs after `package`, see the failsafe plugin in pom.xml): the exit-code
 * contract, --version, completion, and a pipeline run from another folder.
 */
class LauncherIT {
    private static final Path ROOT = Launcher.projectRoot();

    @TempDir
    Path dir;

    @Test
    void versionPrintsTheBuildVersion() throws Exception {
        var r = Launcher.run(ROOT, dir, 60, "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("cvpipe \\d+\\.\\d+\\.\\d+\\S*\\n"), r.out());
        assertFalse(r.err().contains("building"), "the jar from `package` is current: no rebuild");
    }

    @Test
    void shortCommandsShareClassDataWithoutAWordOnStdout() throws Exception {
        // the launcher makes target/cds-*.jsa for the JDK in use once per build, then maps it
        Path img = dir.resolve("in");
        Files.createDirectories(img);
        Files.copy(ROOT.resolve("test-data/images/modes/ycc420.jpg"), img.resolve("a.jpg"));
        for (String jsa : List.of("fresh", "made", "refused")) {
            if (jsa.equals("refused")) {
                // an archive this JVM cannot use (as after a JDK update at the same path): no sharing, no notes on stdout
                try (var s = Files.list(ROOT.resolve("target"))) {
                    for (Path p : s.filter(p -> p.getFileName().toString().matches("cds-\\d+\\.jsa")).toList()) {
                        p.toFile().setWritable(true);
                        Files.write(p, "not an archive".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        p.toFile().setLastModified(System.currentTimeMillis() + 60_000); // newer than the jar: kept
                    }
                }
            }
            var r = Launcher.run(ROOT, dir, 120, "to-rgb", img.toString(), "-o", dir.resolve("out-" + jsa).toString(), "--format", "jpeg", "--force");
            assertEquals(0, r.exit(), jsa + ": " + r.err());
            assertEquals("action     files\nconverted      1\n", r.out(), jsa);
            assertFalse(r.err().contains("cds"), jsa + ": " + r.err());
            try (var s = Files.list(ROOT.resolve("target"))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().matches("cds-\\d+\\.jsa")), jsa);
            }
        }
        // leave no broken archive behind for later runs
        try (var s = Files.list(ROOT.resolve("target"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("cds-\\d+\\.jsa")).toList()) Files.delete(p);
        }
    }

    @Test
    void usageErrorsExit2WithNothingOnStdout() throws Exception {
        var unknown = Launcher.run(ROOT, dir, 60, "--no-such-option");
        assertEquals(2, unknown.exit());
        assertEquals("", unknown.out());
        assertTrue(unknown.err().contains("--no-such-option"), unknown.err());

        var missing = Launcher.run(ROOT, dir, 60, "run");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("PIPELINE"), missing.err());
    }

    @Test
    void completionBashPrintsTheScript() throws Exception {
        var r = Launcher.run(ROOT, dir, 60, "completion", "bash");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"));
        assertTrue(r.out().contains("complete -F _complete_cvpipe"));
    }

    @Test
    void aPipelineRunsFromAnyFolderAndSkipsOnTheSecondRun() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                vars:
                  out: out
                steps:
                  - name: script
                    run: completion bash
                    stdout: ${out}/cvpipe.bash
                """);
        var first = Launcher.run(ROOT, dir, 120, "run", "p.yaml");
        assertEquals(0, first.exit(), first.err());
        assertTrue(Files.readString(dir.resolve("out/cvpipe.bash")).startsWith("#!/usr/bin/env bash"));
        assertTrue(Files.isRegularFile(dir.resolve("out/.cvpipe-state/script.json")));

        var second = Launcher.run(ROOT, dir, 120, "run", "p.yaml", "--json");
        assertEquals(0, second.exit(), second.err());
        JsonNode doc = Json.MAPPER.readTree(second.out());
        assertEquals("skip", doc.get("steps").get(0).get("action").asText());
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /** kill -9 of the PID a user sees (bin/cvpipe's) must stop the work, not leave a JVM racing a re-run. */
    @Test
    void killingTheLauncherPidStopsTheJvm() throws Exception {
        Process p = new ProcessBuilder(ROOT.resolve("bin/cvpipe").toString(), "demo", "-o", dir.resolve("demo").toString())
                .directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!isJava(p.toHandle()) && p.descendants().noneMatch(LauncherIT::isJava) && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(2000); // well into the demo's work
        assertTrue(p.isAlive(), "the demo ended before it could be killed");
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        assertTrue(all.stream().anyMatch(LauncherIT::isJava), "no JVM seen");
        p.destroyForcibly(); // SIGKILL, to the launcher's PID only
        p.waitFor();
        deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(List.of(), all.stream().filter(ProcessHandle::isAlive).map(h -> h.pid() + " " + h.info().command().orElse("?")).toList(),
                "processes left running after kill -9 of the launcher");
    }

    /** Through the launcher too (the stderr filter in between): a report that cannot be written is exit 1 with a message. */
    @Test
    void stdoutOnAFullDiskIsExit1() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(ROOT.resolve("bin/cvpipe").toString(), "completion")
                .redirectOutput(new java.io.File("/dev/full")).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        // read right after the exit code: the launcher's stderr filter has drained by then
        assertEquals("cvpipe: cannot write to standard output: No space left on device\n", Files.readString(err));
    }
}
