package dev.cvpipe.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/**
 * The one way commands write data: picocli's writer ({@code spec.commandLine().getOut()}), which
 * {@link Main} points at the process's stdout and a pipeline step at its {@code stdout:} file.
 * A PrintWriter swallows write errors, so {@link #finish} checks it after every command: a report
 * that did not reach its reader (disk full, closed pipe) is a failure, exit 1, never a silent 0.
 */
public final class Stdout {
    /** A PrintWriter that remembers the first write error of the stream below it. */
    static final class Writer extends PrintWriter {
        private final Remembering sink;

        private Writer(Remembering sink, Charset cs) {
            super(new OutputStreamWriter(sink, cs), false);
            this.sink = sink;
        }
    }

    private static final class Remembering extends FilterOutputStream {
        volatile IOException failure;

        Remembering(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw remember(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw remember(e);
            }
        }

        private IOException remember(IOException e) {
            if (failure == null) failure = e;
            return e;
        }
    }

    private Stdout() {}

    /** A data writer over {@code out} (the process's stdout, or a pipeline step's file). */
    public static PrintWriter writer(OutputStream out, Charset cs) {
        return new Writer(new Remembering(out), cs);
    }

    /**
     * Flushes the command's data writer; when any write failed, says so on stderr and turns
     * {@code code} into {@link ExitCode#FAILURE}.
     */
    public static int finish(CommandLine cl, int code) {
        PrintWriter out = cl.getOut();
        if (!out.checkError()) return code; // checkError flushes first
        IOException why = out instanceof Writer w ? w.sink.failure : null;
        String reason = why == null ? "write error" : Main.describe(why);
        cl.getErr().println("cvpipe: cannot write to standard output: " + reason);
        cl.getErr().flush();
        return ExitCode.FAILURE;
    }
}
