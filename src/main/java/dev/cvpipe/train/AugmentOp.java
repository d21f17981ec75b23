package dev.cvpipe.train;

import java.util.SplittableRandom;

/**
 * One step of an {@link Augment} pipeline. Steps see interleaved {@code h x w x 3} image bytes
 * and, for segmentation, the {@code h x w} mask that must move with them (null for classifiers).
 */
interface AugmentOp {
    /** The step as the {@code --augment} syntax writes it, every parameter spelled out. */
    String describe();

    /** Returns {image, mask} (either may be the input arrays, changed in place). */
    byte[][] apply(byte[] px, byte[] mask, int h, int w, SplittableRandom rnd);

    /** Whether the step only makes sense for one label per image (it cannot move a mask alike). */
    default boolean classifierOnly() {
        return false;
    }
}
