package dev.cvpipe.predict;

import java.io.Serializable;

/**
 * One image's outcome in {@code predict}: its class probabilities (averaged over runs and TTA
 * views), or why it could not be read. Small and serialisable, so it can come back from a Spark
 * executor; the driver pairs it with the input it listed.
 *
 * @param probs one per class, null when the image is bad
 * @param bad   the decoder's reason, null when the image was predicted
 */
public record ClassPrediction(float[] probs, String bad) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static ClassPrediction of(float[] probs) {
        return new ClassPrediction(probs, null);
    }

    public static ClassPrediction failed(String reason) {
        return new ClassPrediction(null, reason);
    }

    public boolean ok() {
        return bad == null;
    }
}
