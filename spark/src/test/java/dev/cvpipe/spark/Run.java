package dev.cvpipe.spark;

import dev.cvpipe.cli.Main;
import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine;

/** One run of a command line in this JVM, stdout and cvpipe's stderr captured: the CLI's or the Spark entry point's. */
record Run(int exit, String out, String err) {
    static Run cli(String... args) {
        return of(Main::commandLine, args);
    }

    static Run spark(Cluster cluster, String... args) {
        return of(() -> SparkMain.commandLine(cluster), args);
    }

    static synchronized Run of(Supplier<CommandLine> line, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldLog = Log.stream();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        Log.setStream(e);
        try {
            CommandLine cl = line.get();
            cl.setOut(new PrintWriter(o, true));
            cl.setErr(new PrintWriter(e, true));
            Log.setLevel(Log.Level.NORMAL);
            int code = Main.execute(cl, args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            Log.setStream(oldLog);
        }
    }

    /** stderr lines sorted: the CLI reports bad inputs as its threads finish them, Spark in input order. */
    List<String> errLines() {
        return Arrays.stream(err.split("\n")).filter(s -> !s.isBlank()).sorted().toList();
    }
}
