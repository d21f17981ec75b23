package dev.cvpipe.model.detect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A 32×32 YOLO whose head output is known: maxpool 16/16 makes a 2×2 grid, a 1×1 conv with zero
 * kernel outputs its biases in every cell: tx = ty = 0 (σ = 0.5), tw = ln 2 (w = 2·8/32 = 0.5),
 * th = 0 (h = 16/32 = 0.5), objectness 20 (σ = 1.0f), class 0 logit 0 (σ = 0.5), class 1 −20.
 * So every cell holds one class-0 box of half the input, score 0.5.
 */
public final class KnownBoxesNet {
    public static final String CFG = """
            [net]
            width=32
            height=32
            channels=3
            [maxpool]
            size=16
            stride=16
            [convolutional]
            filters=7
            size=1
            activation=linear
            [yolo]
            mask=0
            anchors=8,16
            classes=2
            num=1
            """;

    private KnownBoxesNet() {}

    public static Path cfg(Path dir) throws IOException {
        return Files.writeString(dir.resolve("known.cfg"), CFG);
    }

    public static Path weights(Path dir) throws IOException {
        ByteBuffer w = ByteBuffer.allocate(20 + 4 * (7 + 21)).order(ByteOrder.LITTLE_ENDIAN);
        w.putInt(0).putInt(2).putInt(5).putLong(0);
        for (float b : new float[] {0, 0, (float) Math.log(2), 0, 20, 0, -20}) w.putFloat(b);
        return Files.write(dir.resolve("known.weights"), w.array()); // the 21 kernel floats stay 0
    }
}
