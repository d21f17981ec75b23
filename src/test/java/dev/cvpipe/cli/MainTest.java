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
    void everyCommandSummaryInTheHelpListsIsAWholeSentence() {
        // The command lists of --help show each command's first description line (or header):
        // it must end a sentence, not stop mid-way ("... bits per sample,").
        java.util.List<String> cut = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Main.commandLine()));
        int seen = 0;
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            var u = c.getCommandSpec().usageMessage();
            String[] first = u.header().length > 0 ? u.header() : u.description();
            seen++;
            if (first.length == 0 || !first[0].strip().matches(".*[.!?)]$")) {
                cut.add(c.getCommandSpec().qualifiedName() + ": " + (first.length == 0 ? "(none)" : first[0]));
            }
        }
        assertTrue(seen > 15, "walked " + seen + " commands");
        assertEquals(java.util.List.of(), cut);
        var out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("inspect     Report each image's real format, mode, size and problems, one"));
    }

    @Test
    void noCommandDescriptionBreaksALineMidSentence() {
        // picocli wraps each description element as its own paragraph: an element that stops
        // mid-sentence shows in --help as a hard line break ("... come from its" / "config.json; ...").
        java.util.List<String> cut = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Main.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (String line : c.getCommandSpec().usageMessage().description()) {
                if (!line.isBlank() && !line.strip().matches(".*[.!?):]$")) cut.add(c.getCommandSpec().qualifiedName() + ": " + line);
            }
        }
        assertEquals(java.util.List.of(), cut);
    }

    @Test
    void everyOptionThatTakesAValueNamesIt() {
        // a missing paramLabel shows the Java field in the usage line: --lr=<lr>, --eta-min=<etaMin>
        java.util.List<String> unnamed = new java.util.ArrayList<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Main.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (var o : c.getCommandSpec().options()) {
                if (o.arity().max() > 0 && o.paramLabel().startsWith("<")) unnamed.add(c.getCommandSpec().qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
            }
        }
        assertEquals(java.util.List.of(), unnamed);
    }

    @Test
    void versionComesFromTheBuild() {
        var out = new ByteArrayOutputStream();
        assertEquals(0, run(out, new ByteArrayOutputStream(), "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("cvpipe \\d+\\.\\d+\\.\\d+.*\\s*"));
    }
}
