package dev.cvpipe.pipeline;

import dev.cvpipe.cli.PicocliStepCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Test-only cvpipe look-alikes: small commands with known effects, so the engine's decisions
 * (what ran, what was skipped) can be checked against a log of executions.
 */
final class FakeCommands {
    /** Names of the fake commands that ran, in order ("copy in/a.txt", ...). */
    static final List<String> EXECUTED = Collections.synchronizedList(new ArrayList<>());

    private FakeCommands() {}

    static StepCommands commands() {
        return new PicocliStepCommands(FakeCommands::commandLine);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand(new Cat());
        cl.addSubcommand(new Fail());
        cl.addSubcommand(new Crash());
        cl.addSubcommand(new Echo());
        cl.addSubcommand(new Upper());
        cl.addSubcommand(new Say());
        return cl;
    }

    @Command(name = "fake")
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    /** Concatenates files (or every file of a folder, sorted) into -o; exits 3 when told some input was bad. */
    @Command(name = "cat")
    static final class Cat implements Callable<Integer> {
        @Parameters(paramLabel = "SRC")
        List<Path> sources;

        @Option(names = "-o", required = true)
        Path out;

        @Option(names = "--bad", description = "pretend an input was bad: exit 3")
        boolean bad;

        @Option(names = "--repeat")
        int repeat = 1;

        @Override
        public Integer call() throws IOException {
            EXECUTED.add("cat " + out.getFileName());
            StringBuilder sb = new StringBuilder();
            for (int r = 0; r < repeat; r++) {
                for (Path s : sources) {
                    if (Files.isDirectory(s)) {
                        try (var w = Files.walk(s)) {
                            for (Path f : w.filter(Files::isRegularFile).sorted().toList()) sb.append(Files.readString(f));
                        }
                    } else {
                        sb.append(Files.readString(s));
                    }
                }
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, sb.toString());
            return bad ? 3 : 0;
        }
    }

    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @Option(names = "--code")
        int code = 1;

        @Override
        public Integer call() {
            EXECUTED.add("fail");
            return code;
        }
    }

    /** Writes half of its output, then dies as a killed or crashed step would. */
    @Command(name = "crash")
    static final class Crash implements Callable<Integer> {
        @Option(names = "-o", required = true)
        Path out;

        @Override
        public Integer call() throws IOException {
            EXECUTED.add("crash");
            Files.writeString(out, "half");
            throw new IllegalStateException("simulated crash");
        }
    }

    /** Prints its words on stdout, like a reporting command. */
    @Command(name = "echo")
    static final class Echo implements Callable<Integer> {
        @Parameters(paramLabel = "WORD")
        List<String> words = List.of();

        @Override
        public Integer call() {
            EXECUTED.add("echo");
            System.out.println(String.join(" ", words));
            return 0;
        }
    }

    /** Upper-cases files in place, like {@code to-rgb --in-place}; {@code --style} is a word, not a path. */
    @Command(name = "upper")
    static final class Upper implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        List<Path> files;

        @Option(names = "--in-place", required = true)
        boolean inPlace;

        @Option(names = "--style")
        String style = "plain";

        @Override
        public Integer call() throws IOException {
            EXECUTED.add("upper");
            for (Path f : files) Files.writeString(f, Files.readString(f).toUpperCase(java.util.Locale.ROOT));
            return 0;
        }
    }

    /** Prints through picocli's writer rather than System.out, as --help and some commands do. */
    @Command(name = "say")
    static final class Say implements Callable<Integer> {
        @Parameters(paramLabel = "WORD")
        List<String> words = List.of();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            EXECUTED.add("say");
            spec.commandLine().getOut().println(String.join(" ", words));
            return 0;
        }
    }
}
