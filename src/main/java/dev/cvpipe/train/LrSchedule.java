package dev.cvpipe.train;

import java.util.Locale;

/**
 * Learning rate per epoch, stepped once per epoch like the seeds' PyTorch schedulers, times a
 * linear warm-up factor per step over the first {@code warmupEpochs}.
 *
 * <ul>
 *   <li>{@code cosine-restarts}: PyTorch's CosineAnnealingWarmRestarts (seed 003: T0=2, Tmult=2, eta_min=1e-5);
 *   <li>{@code cosine}: one half cosine from lr to eta_min over all epochs;
 *   <li>{@code step}: lr x gamma every {@code stepSize} epochs;
 *   <li>{@code constant}.
 * </ul>
 */
public record LrSchedule(Kind kind, double baseLr, int epochs, int t0, int tMult, double etaMin,
                         int stepSize, double gamma, double warmupEpochs) {

    public enum Kind {
        COSINE_RESTARTS("cosine-restarts"), COSINE("cosine"), STEP("step"), CONSTANT("constant");

        public final String cli;

        Kind(String cli) {
            this.cli = cli;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.cli.equalsIgnoreCase(s)) return k;
            throw new IllegalArgumentException("--schedule must be cosine-restarts, cosine, step or constant, got '" + s + "'");
        }
    }

    public LrSchedule {
        if (t0 < 1 || tMult < 1) throw new IllegalArgumentException("--t0 and --t-mult must be at least 1");
        if (stepSize < 1) throw new IllegalArgumentException("--step-size must be at least 1");
        if (warmupEpochs < 0) throw new IllegalArgumentException("--warmup must not be negative");
    }

    /** The scheduler's rate for 0-based {@code epoch}, before warm-up. */
    public double epochLr(int epoch) {
        switch (kind) {
            case CONSTANT:
                return baseLr;
            case STEP:
                return baseLr * Math.pow(gamma, epoch / stepSize);
            case COSINE:
                return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs))) / 2;
            default: {
                int t = epoch;
                long ti = t0;
                while (t >= ti) {
                    t -= (int) ti;
                    ti *= tMult;
                }
                return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / ti)) / 2;
            }
        }
    }

    /** The rate for a step: {@code globalStep} counts from 0 over the whole run. */
    public double lr(int epoch, long globalStep, int stepsPerEpoch) {
        double lr = epochLr(epoch);
        double warmSteps = warmupEpochs * stepsPerEpoch;
        if (warmSteps > 0 && globalStep < warmSteps) lr *= (globalStep + 1) / warmSteps;
        return lr;
    }

    public String describe() {
        String s = switch (kind) {
            case COSINE_RESTARTS -> String.format(Locale.ROOT, "cosine-restarts(T0=%d, Tmult=%d, eta_min=%s)", t0, tMult, etaMin);
            case COSINE -> String.format(Locale.ROOT, "cosine(eta_min=%s)", etaMin);
            case STEP -> String.format(Locale.ROOT, "step(every %d epochs x %s)", stepSize, gamma);
            case CONSTANT -> "constant";
        };
        return warmupEpochs > 0 ? s + String.format(Locale.ROOT, " after %s warm-up epochs", warmupEpochs) : s;
    }
}
