package dev.cvpipe.cli;

import dev.cvpipe.pipeline.StepCommands;
import dev.cvpipe.report.Log;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Pipeline steps as real cvpipe commands: checked against, and run through, a fresh
 * {@link Main#commandLine()} per step so no option value leaks from one step into the next.
 */
public final class PicocliStepCommands implements StepCommands {
    /** Options whose value is a file or folder the command writes. */
    static final Set<String> OUTPUT_OPTIONS = Set.of("-o", "--output", "--out", "--outdir", "--output-dir",
            "--chart", "--report", "--probs", "--per-image", "--curves");

    private final Supplier<CommandLine> factory;

    public PicocliStepCommands() {
        this(Main::commandLine);
    }

    /** Tests pass a factory of fake commands. */
    public PicocliStepCommands(Supplier<CommandLine> factory) {
        this.factory = factory;
    }

    @Override
    public StepArgs check(List<String> args) {
        CommandLine cl = factory.get();
        String cmd = args.get(0);
        if (!cl.getSubcommands().containsKey(cmd)) {
            throw new IllegalArgumentException("unknown command '" + cmd + "' (commands: "
                    + String.join(", ", new TreeSet<>(cl.getSubcommands().keySet())) + ")");
        }
        Log.Level level = Log.level(); // option setters such as --quiet run during parsing
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            String msg = e.getMessage();
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                msg += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
            }
            throw new IllegalArgumentException("cvpipe " + String.join(" ", commandPath(e.getCommandLine())) + ": " + msg);
        } finally {
            Log.setLevel(level);
        }
        List<String> paths = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        boolean inPlace = false;
        for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) {
            for (ArgSpec a : pr.matchedArgs()) {
                boolean output = a instanceof OptionSpec o && isOutput(o);
                if (a instanceof OptionSpec o && List.of(o.names()).contains("--in-place")) inPlace = true;
                if (!output && !mayBePath(a)) continue;
                for (String v : a.originalStringValues()) (output ? outputs : paths).add(v);
            }
        }
        return new StepArgs(paths, outputs, inPlace);
    }

    @Override
    public int execute(List<String> args, PrintStream out, PrintStream err) {
        // Commands print their data through picocli's writer (Stdout): a step's stdout belongs to the
        // step, not to the run. System.out is redirected too, BEFORE building the CommandLine: picocli's
        // default execution strategy remembers System.out when it is created and, if System.out differs
        // at execute time, resets every command's writer to that remembered stream.
        PrintStream systemOut = System.out;
        System.setOut(out);
        PrintWriter outWriter = Stdout.writer(out, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        try {
            CommandLine cl = factory.get();
            setStreams(cl, outWriter, errWriter);
            int rc = Main.execute(cl, args.toArray(String[]::new));
            out.flush();
            if (rc != ExitCode.FAILURE && out.checkError()) {
                // the step's stdout: file (a PrintStream keeps no reason; AtomicFile's would name the file)
                errWriter.println("cvpipe: cannot write to standard output (the step's stdout: file)");
                rc = ExitCode.FAILURE;
            }
            return rc;
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            System.setOut(systemOut);
        }
    }

    /** Every level explicitly, so nested subcommands ({@code model summary}) write to the step's streams too. */
    private static void setStreams(CommandLine cl, PrintWriter out, PrintWriter err) {
        cl.setOut(out);
        cl.setErr(err);
        for (CommandLine sub : cl.getSubcommands().values()) setStreams(sub, out, err);
    }

    private static boolean isOutput(OptionSpec o) {
        for (String n : o.names()) if (OUTPUT_OPTIONS.contains(n)) return true;
        return false;
    }

    /** Numbers, enums and flags are never paths; Path, File and String values may be. */
    private static boolean mayBePath(ArgSpec a) {
        for (Class<?> t : a.auxiliaryTypes()) {
            if (t == Path.class || t == File.class || t == String.class) return true;
        }
        return false;
    }

    private static List<String> commandPath(CommandLine cl) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) names.add(0, c.getCommandName());
        return names;
    }
}
