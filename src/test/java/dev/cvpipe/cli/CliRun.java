package dev.cvpipe.cli;

import dev.cvpipe.report.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs cvpipe in-process with stdout and stderr captured. */
record CliRun(int exit, String out, String err) {
    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldLog = Log.stream();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(o);
        Log.setStream(e);
        try {
            var cl = Main.commandLine();
            cl.setErr(new java.io.PrintWriter(e, true));
            Log.setLevel(Log.Level.NORMAL);
            int code = cl.execute(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            Log.setStream(oldLog);
        }
    }
}
