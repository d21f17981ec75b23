package dev.cvpipe.model;

/**
 * What a model is built for. {@code aux} only matters to inception-v3 (its AuxLogits head);
 * {@code seed} makes the initial weights reproducible.
 */
public record ModelConfig(int numClasses, int inputHeight, int inputWidth, int channels, boolean aux, long seed) {
    public ModelConfig {
        if (numClasses < 1) throw new IllegalArgumentException("classes must be at least 1, got " + numClasses);
        if (inputHeight < 1 || inputWidth < 1) throw new IllegalArgumentException("input must be at least 1x1, got " + inputHeight + "x" + inputWidth);
        if (channels < 1) throw new IllegalArgumentException("channels must be at least 1, got " + channels);
    }

    /** 3 channels, aux head on, seed 0. */
    public static ModelConfig of(int numClasses, int inputHeight, int inputWidth) {
        return new ModelConfig(numClasses, inputHeight, inputWidth, 3, true, 0L);
    }

    public ModelConfig withClasses(int n) {
        return new ModelConfig(n, inputHeight, inputWidth, channels, aux, seed);
    }

    public ModelConfig withInput(int h, int w) {
        return new ModelConfig(numClasses, h, w, channels, aux, seed);
    }

    public ModelConfig withAux(boolean a) {
        return new ModelConfig(numClasses, inputHeight, inputWidth, channels, a, seed);
    }

    public ModelConfig withSeed(long s) {
        return new ModelConfig(numClasses, inputHeight, inputWidth, channels, aux, s);
    }

    public ModelConfig withChannels(int c) {
        return new ModelConfig(numClasses, inputHeight, inputWidth, c, aux, seed);
    }
}
