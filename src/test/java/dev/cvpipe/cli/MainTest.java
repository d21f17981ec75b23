package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        return cl.execute(args);
    }

    @Test
    void unknownOptionIsUsageErrorExit2() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(ExitCode.USAGE, run(out, err, "--no-such-option"));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "usage errors print nothing on stdout");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--no-such-option"));
    }

    @Test
    void helpListsExitCodes() {
        var out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("Exit codes:"));
        assertTrue(help.contains("3   Finished, but some inputs were bad"));
    }

    @Test
    void versionComesFromTheBuild() {
        var out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("cvpipe \\d+\\.\\d+\\.\\d+.*\\s*"));
    }
}
