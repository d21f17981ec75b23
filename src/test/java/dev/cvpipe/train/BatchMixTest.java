package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mixup / CutMix pixels and label arithmetic by hand. */
class BatchMixTest {

    @Test
    void mixupBlendsEachImageWithTheBatchReversedAndTheTargetsAlike() {
        // Two 1x1 images, 100 and 200 gray, labels 0 and 1, three classes.
        byte[] px = {100, 100, 100, (byte) 200, (byte) 200, (byte) 200};
        SplittableRandom copy = new SplittableRandom(5);
        double lam = BatchMix.beta(0.4, copy);
        BatchMix.Mixed m = new BatchMix(0.4, 0).apply(px, new int[] {0, 1}, 2, 1, 1, 3, new SplittableRandom(5));
        assertEquals(lam, m.lam(), 0);
        assertFalse(m.cutmix());
        assertEquals(Math.round(lam * 100 + (1 - lam) * 200), m.pixels()[0] & 0xff);
        assertEquals(Math.round(lam * 200 + (1 - lam) * 100), m.pixels()[3] & 0xff);
        assertArrayEquals(new float[] {(float) lam, (float) (1 - lam), 0, (float) (1 - lam), (float) lam, 0}, m.targets(), 1e-7f);
        // Same label on both sides: the target stays one-hot.
        BatchMix.Mixed same = new BatchMix(0.4, 0).apply(px, new int[] {2, 2}, 2, 1, 1, 3, new SplittableRandom(5));
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1}, same.targets(), 1e-6f);
    }

    @Test
    void cutmixPastesTheBoxFromThePartnerAndKeepsTheAreaAsLambda() {
        int h = 10, w = 10;
        byte[] px = new byte[2 * h * w * 3];
        java.util.Arrays.fill(px, h * w * 3, px.length, (byte) 50); // image 0 all 0, image 1 all 50
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom copy = new SplittableRandom(seed);
            double lam = BatchMix.beta(1.0, copy);
            int[] box = BatchMix.cutBox(h, w, lam, copy);
            int area = (box[1] - box[0]) * (box[3] - box[2]);
            BatchMix.Mixed m = new BatchMix(0, 1.0).apply(px, new int[] {0, 1}, 2, h, w, 2, new SplittableRandom(seed));
            assertTrue(m.cutmix());
            assertEquals(1 - area / 100.0, m.lam(), 1e-12, "lam is the area kept");
            int pasted = 0;
            for (int i = 0; i < h * w; i++) if (m.pixels()[i * 3] == 50) pasted++;
            assertEquals(area, pasted);
            assertArrayEquals(new float[] {(float) m.lam(), (float) (1 - m.lam()), (float) (1 - m.lam()), (float) m.lam()}, m.targets(), 1e-7f);
        }
    }

    @Test
    void cutBoxFollowsTimmsRandBbox() {
        // lam 0.75: side ratio sqrt(0.25) = 0.5 -> 5x5 around the centre, 5 // 2 = 2 either side (4 wide).
        SplittableRandom r = new SplittableRandom(1);
        SplittableRandom copy = new SplittableRandom(1);
        int cy = copy.nextInt(10), cx = copy.nextInt(10);
        int[] b = BatchMix.cutBox(10, 10, 0.75, r);
        assertArrayEquals(new int[] {Math.max(0, cy - 2), Math.min(10, cy + 2), Math.max(0, cx - 2), Math.min(10, cx + 2)}, b);
    }

    @Test
    void betaHasTheRightMean() {
        SplittableRandom r = new SplittableRandom(0);
        double sum = 0, sq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double x = BatchMix.beta(1.0, r);
            assertTrue(x >= 0 && x <= 1);
            sum += x;
            sq += x * x;
        }
        assertEquals(0.5, sum / n, 0.01);
        assertEquals(1 / 12.0, sq / n - (sum / n) * (sum / n), 0.005); // Beta(1,1) is uniform
        assertThrows(IllegalArgumentException.class, () -> new BatchMix(-1, 0));
    }
}
