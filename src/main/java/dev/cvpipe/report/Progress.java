package dev.cvpipe.report;

import java.util.Locale;

/**
 * Progress on stderr. On a terminal (the launcher passes {@code -Dcvpipe.tty=true} when stderr
 * is one) a bar with rate and ETA redrawn in place; otherwise a plain line at most every
 * {@link #PLAIN_INTERVAL_NANOS} so CI logs stay readable. Silent under --quiet.
 */
public final class Progress implements AutoCloseable {
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;
    private static final long TTY_INTERVAL_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final boolean tty;
    private final boolean enabled;
    private final boolean fromFirstStep;
    private long start = System.nanoTime();
    private long done;
    private long lastDraw;

    public Progress(String label, long total) {
        this(label, total, false);
    }

    private Progress(String label, long total, boolean fromFirstStep) {
        this.label = label;
        this.total = total;
        this.tty = isTerminal();
        this.enabled = Log.level() != Log.Level.QUIET;
        this.lastDraw = start;
        this.fromFirstStep = fromFirstStep;
    }

    /**
     * A bar whose clock starts at the first step: for results that a cluster hands over all at once
     * at the end of its job, where a clock started before would show the whole job as the first
     * item's wait (and a silly ETA).
     */
    public static Progress fromFirstStep(String label, long total) {
        return new Progress(label, total, true);
    }

    public static boolean isTerminal() {
        return Boolean.getBoolean("cvpipe.tty");
    }

    public synchronized void step() {
        step(1);
    }

    public synchronized void step(long n) {
        long now = System.nanoTime();
        if (fromFirstStep && done == 0) {
            start = now;
            lastDraw = now;
        }
        done += n;
        long interval = tty ? TTY_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
        if (enabled && now - lastDraw >= interval) {
            lastDraw = now;
            draw(now, false);
        }
    }

    public synchronized long done() {
        return done;
    }

    private void draw(long now, boolean last) {
        double secs = (now - start) / 1e9;
        double rate = secs > 0 ? done / secs : 0;
        String eta = total > 0 && rate > 0 && done < total ? " ETA " + clock((total - done) / rate) : "";
        String counts = total > 0 ? done + "/" + total : Long.toString(done);
        String tail = String.format(Locale.ROOT, "%s  %.1f/s  %s%s", counts, rate, clock(secs), eta);
        if (tty) {
            String bar = "";
            if (total > 0) {
                int w = 30;
                int fill = (int) Math.min(w, w * done / total);
                bar = "[" + "#".repeat(fill) + " ".repeat(w - fill) + "] ";
            }
            Log.stream().print("\r" + label + " " + bar + tail + "\u001b[K" + (last ? "\n" : ""));
            Log.stream().flush();
        } else {
            Log.stream().println(label + ": " + tail);
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public synchronized void close() {
        // Only the terminal bar needs a final redraw; plain mode has already logged enough lines.
        if (enabled && tty) draw(System.nanoTime(), true);
    }
}
