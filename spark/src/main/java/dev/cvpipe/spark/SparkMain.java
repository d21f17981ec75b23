package dev.cvpipe.spark;

import dev.cvpipe.cli.Main;
import dev.cvpipe.cli.Stdout;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.report.Log;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@code spark-submit --class dev.cvpipe.spark.SparkMain cvpipe-spark.jar COMMAND ARGS...}: parses
 * with the CLI's own picocli command line (same options, same usage errors and exit 2), then runs
 * the command's library steps on the driver with the per-file work on the executors
 * ({@link SparkCommands}). Output, report files and exit codes are the single-machine command's.
 */
public final class SparkMain {
    private SparkMain() {}

    public static void main(String[] args) {
        Log.setLevel(Log.Level.NORMAL);
        CommandLine cl = commandLine(Cluster.fromSubmit());
        cl.setOut(Stdout.writer(new FileOutputStream(FileDescriptor.out), Charset.defaultCharset()));
        int code;
        try {
            code = Main.execute(cl, args);
        } finally {
            Cluster.stopSubmitted();
        }
        System.exit(code);
    }

    /** Runs one command on {@code cluster} in this JVM and returns its exit code; tests call this. */
    public static int run(Cluster cluster, String... args) {
        Log.setLevel(Log.Level.NORMAL);
        return Main.execute(commandLine(cluster), args);
    }

    /** The CLI's command line, each command run by its Spark job instead of its own {@code call()}. */
    static CommandLine commandLine(Cluster cluster) {
        CommandLine cl = Main.commandLine();
        cl.setExecutionStrategy(parsed -> {
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) return help;
            if (!parsed.hasSubcommand()) {
                throw new CommandLine.ParameterException(cl, "Missing command: on Spark, choose one of " + SparkCommands.names());
            }
            ParseResult leaf = parsed;
            while (leaf.hasSubcommand()) leaf = leaf.subcommand();
            CommandLine leafLine = leaf.commandSpec().commandLine();
            Object command = leaf.commandSpec().userObject();
            SparkCommand job = SparkCommands.forCommand(command);
            if (job == null) {
                throw new CommandLine.ParameterException(leafLine, "'" + leaf.commandSpec().qualifiedName(" ").replaceFirst("^cvpipe ", "")
                        + "' does not run on Spark; on Spark: " + String.join(", ", SparkCommands.names()));
            }
            for (String option : job.refusedOptions()) {
                if (leaf.hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(leafLine, option + " does not apply on Spark: " + job.whyRefused());
                }
            }
            try {
                // one batch of writes, as the CLI runs each command (see AtomicFile.batch)
                return AtomicFile.batch(() -> job.run(command, cluster));
            } catch (CommandLine.ParameterException | CommandLine.ExecutionException e) {
                throw e;
            } catch (Exception e) {
                throw new CommandLine.ExecutionException(leafLine, String.valueOf(e.getMessage()), e);
            }
        });
        return cl;
    }
}
