package dev.cvpipe.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic a graph computes in. Variables, optimizer state, checkpoints and SavedModels stay
 * float32 in every mode, so a checkpoint trained in one precision loads in any other.
 *
 * <ul>
 *   <li>{@code fp32}: plain float32.</li>
 *   <li>{@code bf16}: TensorFlow's oneDNN auto mixed precision rewrites convolutions, matmuls, BN and
 *       their gradients to bfloat16 on CPUs with AVX512_BF16 (or AMX); about 3x the convolution
 *       throughput of fp32 on such a CPU. Batch norm is folded into the convolutions at inference,
 *       because in bf16 oneDNN loses the fp32 conv+BN+ReLU fusion and BN would run on its own.</li>
 *   <li>{@code fp16}: TensorFlow's CUDA auto mixed precision; GPU build only.</li>
 * </ul>
 * In every precision, inference graphs fold BN into the convolutions (conv + BiasAdd; exact in real
 * arithmetic, in float32 the outputs move by rounding only: callers ask Network.foldBatchNormAtInference),
 * and grappler's remapper runs AGGRESSIVE so that it trusts the placeholders' shapes: only then can it prove the two
 * inputs of a residual Add have the same shape and fuse conv + bias + Add + ReLU into one oneDNN
 * convolution (a "sum" post-op). At its default level it skips fed shapes, the Add and ReLU each stay a
 * separate pass over the activations (ResNet-50: 16 of each, ~4-8 % of inference).
 */
public enum Precision {
    FP32, BF16, FP16;

    public static Precision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precision must be fp32, bf16 or fp16, got '" + s + "'");
        }
    }

    /** The precision named {@code s}, or null for an unknown name. */
    public static Precision parseOrNull(String s) {
        try {
            return parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Throws a one-line reason when this precision cannot run on this machine and device. */
    public void requireSupported(String device) {
        String why = unsupportedReason(cpuFlags(), "gpu".equalsIgnoreCase(device));
        if (why != null) throw new IllegalArgumentException(why);
    }

    /** The reason {@code this} cannot run with these CPU flags and device, or null when it can. */
    String unsupportedReason(Set<String> cpuFlags, boolean gpu) {
        return switch (this) {
            case FP32 -> null;
            // TensorFlow's own check looks only for AVX512F and would run bf16 in slow emulation.
            case BF16 -> gpu || cpuFlags.contains("avx512_bf16") || cpuFlags.contains("amx_bf16") ? null
                    : "--precision bf16: this CPU has no AVX512_BF16 or AMX-BF16 instructions; use --precision fp32";
            case FP16 -> gpu ? null : "--precision fp16 runs on a GPU only (--device gpu with the -Pgpu build); on a CPU use bf16";
        };
    }

    /**
     * Session options in this precision: {@code threads} intra-op threads; inter-op 1 when
     * single-threaded (the deterministic setting), else 2. 0 threads = TensorFlow's default (all cores).
     *
     * <p>TensorFlow otherwise sizes its thread pools once per process, by the first session: a
     * {@code --threads 1} run after another session in the same JVM ({@code cvpipe run}, the
     * tests) would silently run on that session's pools and lose its determinism. So a session
     * with a thread count gets its own inter-op pool here, and its own intra-op pool when
     * {@code TF_OVERRIDE_GLOBAL_THREADPOOL=1} is set before the JVM starts (bin/cvpipe and the
     * test setup set it).
     */
    public ConfigProto sessionConfig(int threads) {
        return sessionConfig(threads, threads == 1 ? 1 : 2);
    }

    /**
     * As {@link #sessionConfig(int)} with {@code interOp} inter-op threads: a session that several
     * tasks run at once (a Spark executor's cached model) needs one per task, or their runs queue.
     */
    public ConfigProto sessionConfig(int threads, int interOp) {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (threads > 0) {
            b.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(Math.max(1, interOp)).setUsePerSessionThreads(true);
        }
        return applyTo(b).build();
    }

    private ConfigProto.Builder applyTo(ConfigProto.Builder b) {
        // AGGRESSIVE only lets the remapper assume fed tensors have their placeholder's shape (see above).
        RewriterConfig.Builder rw = RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.AGGRESSIVE);
        switch (this) {
            case FP32 -> {}
            case BF16 -> rw.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
            case FP16 -> rw.setAutoMixedPrecision(RewriterConfig.Toggle.ON);
        }
        return b.setGraphOptions(GraphOptions.newBuilder(b.getGraphOptions()).setRewriteOptions(rw));
    }

    /** The flags of the first CPU in /proc/cpuinfo; empty where there is no such file. */
    static Set<String> cpuFlags() {
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    for (String f : line.substring(colon + 1).trim().split("\\s+")) flags.add(f);
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no bf16 detection, fp32 only
        }
        return flags;
    }
}
