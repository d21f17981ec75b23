package dev.cvpipe.cli;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(name = "cvpipe",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Batch data pipeline for image classification and segmentation.",
        synopsisSubcommandLabel = "COMMAND")
public final class Main implements Runnable {

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Only errors and bad-input lines on stderr.")
    void quiet(boolean q) {
        if (q) Log.setLevel(Log.Level.QUIET);
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More detail on stderr, stack traces on failure, TensorFlow's own log lines.")
    void verbose(boolean v) {
        if (v) Log.setLevel(Log.Level.VERBOSE);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of " + spec.subcommands().keySet());
    }

    public static void main(String[] args) {
        Log.setLevel(Log.Level.NORMAL);
        CommandLine cl = commandLine(args);
        // data goes to fd 1 unbuffered by System.out's PrintStream, through a writer that remembers failed writes
        cl.setOut(Stdout.writer(new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.Charset.defaultCharset()));
        int code = execute(cl, args);
        awaitStderrFilter();
        System.exit(code);
    }

    /**
     * bin/cvpipe execs the JVM with stderr going through a filter process (it drops TensorFlow's
     * unconditional log lines) and names it in {@code cvpipe.stderrFilter}. Closing stderr and waiting
     * for the filter to drain makes stderr complete when our exit code is seen.
     */
    private static void awaitStderrFilter() {
        String pid = System.getProperty("cvpipe.stderrFilter");
        if (pid == null) return;
        Log.stream().flush();
        System.err.flush();
        System.err.close(); // EOF for the filter (the JVM holds no other copy of the pipe)
        try {
            var filter = ProcessHandle.of(Long.parseLong(pid));
            if (filter.isPresent()) filter.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // a missing or slow filter must never change the exit code
        }
    }

    /** Runs cvpipe in this JVM and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        Log.setLevel(Log.Level.NORMAL);
        return execute(commandLine(), args);
    }

    /** Runs {@code args} on {@code cl}; a report that could not be written to stdout makes it a failure. */
    public static int execute(CommandLine cl, String... args) {
        return Stdout.finish(cl, cl.execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when they name a command (after the root's flags), only
     * that command is built, so a short run does not pay for reading every command's annotations;
     * otherwise (no command, --help, a typo to suggest for, completion) all of them.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Object only = null;
        for (String a : args) {
            if (a.startsWith("-")) continue;
            only = Commands.named(a);
            break;
        }
        if (only != null) {
            cl.addSubcommand(only);
        } else {
            for (Object sub : Commands.all()) cl.addSubcommand(sub);
            cl.addSubcommand(new CompletionCommand());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::handleFailure);
        // one batch of writes per command: each output folder's owner lock is taken once (see AtomicFile)
        CommandLine.IExecutionStrategy last = new CommandLine.RunLast();
        cl.setExecutionStrategy(parsed -> {
            try {
                return dev.cvpipe.io.AtomicFile.batch(() -> last.execute(parsed));
            } catch (CommandLine.ExecutionException | CommandLine.ParameterException e) {
                throw e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cl.setParameterExceptionHandler(Main::handleUsage);
        applyExitCodeHelp(cl);
        joinDescriptionParagraphs(cl);
        return cl;
    }

    /**
     * picocli wraps each description element as its own paragraph, so an element that stops
     * mid-sentence shows in --help as a hard line break. Elements are joined until one ends a sentence.
     */
    private static void joinDescriptionParagraphs(CommandLine cl) {
        var u = cl.getCommandSpec().usageMessage();
        java.util.List<String> paragraphs = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : u.description()) {
            if (cur.length() > 0 && !line.isBlank()) cur.append(' ');
            cur.append(line.strip());
            if (line.isBlank() || line.strip().matches(".*[.!?):]$")) {
                paragraphs.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) paragraphs.add(cur.toString());
        u.description(paragraphs.toArray(String[]::new));
        for (CommandLine sub : cl.getSubcommands().values()) joinDescriptionParagraphs(sub);
    }

    private static void applyExitCodeHelp(CommandLine cl) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCode.HELP_LINES) {
            int i = line.indexOf(':');
            codes.put(line.substring(0, i), line.substring(i + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(Main::applyExitCodeHelp);
    }

    private static int handleUsage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        var err = cl.getErr();
        err.println("cvpipe: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE;
    }

    private static int handleFailure(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        if (Log.verbose()) ex.printStackTrace(cl.getErr());
        if (ex instanceof CvpipeException ce) {
            cl.getErr().println("cvpipe: " + BadInputs.oneLine(ce.getMessage()));
            return ce.exitCode();
        }
        if (ex instanceof BadInputs.StrictStop) {
            cl.getErr().println("cvpipe: stopped at the first bad input (--strict)");
            return ExitCode.FAILURE;
        }
        cl.getErr().println("cvpipe: error: " + describe(ex));
        return ExitCode.FAILURE;
    }

    /** One line for any exception, naming the file where Java's message is just a path. */
    public static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof NoSuchFileException nf) return nf.getFile() + ": no such file or directory";
        if (t instanceof java.nio.file.AccessDeniedException ad) return ad.getFile() + ": permission denied";
        if (t instanceof java.nio.file.FileSystemException fs) return fs.getFile() + ": " + fs.getReason();
        String msg = t.getMessage();
        return BadInputs.oneLine(msg == null ? t.getClass().getSimpleName() : msg);
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cvpipe " + version()};
        }

        public static String version() {
            try (InputStream in = Main.class.getResourceAsStream("/dev/cvpipe/version.properties")) {
                Properties p = new Properties();
                if (in != null) p.load(in);
                return p.getProperty("version", "dev");
            } catch (IOException e) {
                return "dev";
            }
        }
    }
}
