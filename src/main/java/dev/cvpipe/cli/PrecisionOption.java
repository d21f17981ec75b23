package dev.cvpipe.cli;

import dev.cvpipe.model.Precision;
import dev.cvpipe.train.DeviceCheck;
import picocli.CommandLine.Option;

/** {@code --precision}, shared by every command that runs a network. */
final class PrecisionOption {
    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "P",
            description = {"fp32 | bf16 | fp16 (default ${DEFAULT-VALUE}). bf16: bfloat16 compute on CPUs with AVX512_BF16",
                "(weights and checkpoints stay float32); fp16: GPU build only."})
    String precision;

    /** For commands without --device (inference): fp16 needs a usable GPU, bf16 a CPU with bf16 instructions. */
    Precision resolve() {
        return resolve(Precision.parseOrNull(precision) == Precision.FP16 && DeviceCheck.gpuUsable() ? "gpu" : "cpu");
    }

    /** The precision, checked against this machine for {@code device}: exit 2 for a bad name, 1 when the hardware lacks it. */
    Precision resolve(String device) {
        Precision p;
        try {
            p = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        }
        try {
            p.requireSupported(device);
        } catch (IllegalArgumentException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.FAILURE);
        }
        return p;
    }
}
