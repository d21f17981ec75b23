package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Augmentations move a mask exactly as they move its image. */
class MaskAugmentTest {
    @Test
    void flipsAndRot90OfAOneChannelMaskByHand() {
        // 2x3 mask   a b c        mirrored: c b a     upside down: d e f
        //            d e f                  f e d                  a b c
        byte[] m = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new byte[] {3, 2, 1, 6, 5, 4}, Augment.flipHorizontal(m, 2, 3, 1));
        assertArrayEquals(new byte[] {4, 5, 6, 1, 2, 3}, Augment.flipVertical(m, 2, 3, 1));
        // numpy rot90 of [[1,2],[3,4]] = [[2,4],[1,3]]
        assertArrayEquals(new byte[] {2, 4, 1, 3}, Augment.rot90(new byte[] {1, 2, 3, 4}, 2, 1));
    }

    @Test
    void imageAndMaskStayAlignedUnderEveryAugmentation() {
        int n = 32;
        // A known pattern: two off-centre blocks (an L-shape and a square) white in the image, 255 in the mask.
        byte[] mask = new byte[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean on = (x >= 3 && x < 12 && y >= 4 && y < 26) || (x >= 3 && x < 20 && y >= 20 && y < 26) || (x >= 22 && x < 29 && y >= 5 && y < 12);
                mask[y * n + x] = (byte) (on ? 255 : 0);
            }
        }
        Augment geometric = Augment.parse("flip,vflip,rot90,shift-scale-rotate");
        int moved = 0;
        for (long seed = 0; seed < 40; seed++) {
            byte[] img = new byte[n * n * 3];
            for (int i = 0; i < n * n; i++) img[3 * i] = img[3 * i + 1] = img[3 * i + 2] = mask[i];
            byte[][] out = geometric.applyPaired(img, mask.clone(), n, n, new SplittableRandom(seed));
            if (!java.util.Arrays.equals(out[1], mask)) moved++;
            for (int i = 0; i < n * n; i++) {
                int v = out[0][3 * i] & 0xff, m = out[1][i] & 0xff;
                assertTrue(m == 0 || m == 255, "nearest keeps mask values");
                // Bilinear blurs the image's edges; anything clearly on or off must agree with the mask.
                if (v >= 192) assertTrue(m == 255, "seed " + seed + " pixel " + i + ": image on, mask off");
                if (v <= 63) assertTrue(m == 0, "seed " + seed + " pixel " + i + ": image off, mask on");
            }
        }
        assertTrue(moved >= 30, "the augmentations changed only " + moved + " of 40 masks");
    }

    @Test
    void hsvLeavesTheMaskAlone() {
        byte[] mask = {0, (byte) 255, 0, (byte) 255};
        byte[] img = {(byte) 200, 10, 10, 10, (byte) 200, 10, 10, 10, (byte) 200, 50, 50, 50};
        for (long seed = 0; seed < 10; seed++) {
            byte[][] out = Augment.parse("hsv").applyPaired(img.clone(), mask.clone(), 2, 2, new SplittableRandom(seed));
            assertArrayEquals(mask, out[1]);
        }
    }
}
