package dev.cvpipe.model.layers;

/** How a variable starts. fanIn/fanOut are per output unit (K·K·Cin/groups and K·K·Cout). */
public enum Init {
    /** He (Kaiming) normal, truncated at 2σ with the usual 0.8796 correction: ReLU-family layers. */
    HE,
    /** Glorot (Xavier) uniform: dense layers and linear outputs. */
    GLOROT,
    /** Truncated normal with σ = 0.01 (darknet-style heads). */
    TRUNCATED_NORMAL,
    ZEROS,
    ONES
}
