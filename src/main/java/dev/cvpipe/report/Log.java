package dev.cvpipe.report;

import java.io.PrintStream;

/**
 * Logs and progress go to stderr so stdout carries only data. One process-wide level, set once by
 * the CLI from --quiet / --verbose; library code just calls {@link #info} and friends.
 */
public final class Log {
    public enum Level { QUIET, NORMAL, VERBOSE }

    private static volatile Level level = Level.NORMAL;
    private static volatile PrintStream err = System.err;

    private Log() {}

    public static void setLevel(Level l) {
        level = l;
    }

    public static Level level() {
        return level;
    }

    public static boolean verbose() {
        return level == Level.VERBOSE;
    }

    /** For tests that capture stderr. */
    public static void setStream(PrintStream s) {
        err = s;
    }

    public static PrintStream stream() {
        return err;
    }

    public static void info(String fmt, Object... args) {
        if (level != Level.QUIET) err.println(args.length == 0 ? fmt : String.format(fmt, args));
    }

    public static void debug(String fmt, Object... args) {
        if (level == Level.VERBOSE) err.println(args.length == 0 ? fmt : String.format(fmt, args));
    }

    /** Warnings and bad-input lines are never silenced: a quiet run must still say what it skipped. */
    public static void warn(String fmt, Object... args) {
        err.println(args.length == 0 ? fmt : String.format(fmt, args));
    }
}
