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

    @Test
    void aNamedCommandIsBuiltAloneWithTheSameModelAsInTheFullTree() {
        CommandLine all = Main.commandLine();
        java.util.List<String> top = new java.util.ArrayList<>(all.getSubcommands().keySet());
        top.remove("completion");
        assertEquals(Commands.NAMES, top, "Commands.NAMES lists every command in --help order");
        for (String name : Commands.NAMES) {
            CommandLine one = Main.commandLine(new String[] {"-q", name, "--help"});
            assertEquals(java.util.Set.of(name), one.getSubcommands().keySet(), name);
            var a = all.getSubcommands().get(name).getCommandSpec();
            var b = one.getSubcommands().get(name).getCommandSpec();
            assertEquals(a.options().stream().map(o -> o.longestName()).toList(), b.options().stream().map(o -> o.longestName()).toList(), name);
            assertEquals(a.subcommands().keySet(), b.subcommands().keySet(), name);
        }
        // no command, or one that does not exist: the full tree, for the command list and suggestions
        assertEquals(all.getSubcommands().keySet(), Main.commandLine(new String[] {"--help"}).getSubcommands().keySet());
        assertEquals(all.getSubcommands().keySet(), Main.commandLine(new String[] {"to-rbg"}).getSubcommands().keySet());
        var err = new ByteArrayOutputStream();
        CommandLine typo = Main.commandLine(new String[] {"to-rbg"});
        typo.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        assertEquals(ExitCode.USAGE, Main.execute(typo, "to-rbg"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("to-rgb"), err.toString(StandardCharsets.UTF_8));
    }
}
