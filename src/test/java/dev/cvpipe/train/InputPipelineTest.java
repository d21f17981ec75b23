package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.image.RgbImage;
import dev.cvpipe.report.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPipelineTest {
    @TempDir
    Path tmp;

    /** 2x2 image, pixel (x,y) has R = 10*(1+x+2y), G = 0, B = 255. */
    private static byte[] tiny() {
        byte[] px = new byte[12];
        for (int i = 0; i < 4; i++) {
            px[i * 3] = (byte) (10 * (i + 1));
            px[i * 3 + 2] = (byte) 255;
        }
        return px;
    }

    @Test
    void squashTo1x1AveragesEveryPixel() {
        byte[] out = ResizeMode.SQUASH.apply(new RgbImage(2, 2, tiny()), 1, 1);
        assertArrayEquals(new byte[] {25, 0, (byte) 255}, out); // (10+20+30+40)/4
    }

    @Test
    void shortSideCropKeepsTheCentre() {
        // 4x2 image: columns 0..3 have R = 0, 100, 200, 50. Short side 2 -> 2x2 centre crop = columns 1, 2.
        byte[] px = new byte[4 * 2 * 3];
        int[] r = {0, 100, 200, 50};
        for (int y = 0; y < 2; y++) for (int x = 0; x < 4; x++) px[(y * 4 + x) * 3] = (byte) r[x];
        byte[] out = ResizeMode.SHORT_SIDE_CROP.apply(new RgbImage(4, 2, px), 2, 2);
        assertEquals(100, out[0] & 0xff);
        assertEquals(200, out[3] & 0xff);
    }

    @Test
    void flipsAndRot90MovePixelsWhereNumpyPutsThem() {
        byte[] px = tiny(); // R: [[10,20],[30,40]]
        assertEquals(20, Augment.flipHorizontal(px, 2, 2)[0]);
        assertEquals(30, Augment.flipVertical(px, 2, 2)[0]);
        byte[] r = Augment.rot90(px, 2); // np.rot90([[10,20],[30,40]]) = [[20,40],[10,30]]
        assertArrayEquals(new int[] {20, 40, 10, 30}, new int[] {r[0], r[3], r[6], r[9]});
    }

    @Test
    void hsvHueShiftOf30TurnsRedIntoYellow() {
        byte[] px = {(byte) 255, 0, 0};
        Augment.shiftHsv(px, 30, 0, 0); // OpenCV hue 0 -> 30 = 60 degrees
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, 0}, px);
    }

    @Test
    void shiftScaleRotateIdentityAndOnePixelShift() {
        byte[] px = new byte[4 * 4 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 5);
        assertArrayEquals(px, Augment.shiftScaleRotate(px, 4, 4, 0, 1, 1, 0, 0));
        byte[] shifted = Augment.shiftScaleRotate(px, 4, 4, 0, 1, 1, 1, 0);
        assertEquals(0, shifted[0]); // column 0 came from outside: black border
        assertEquals(px[0], shifted[3]); // (1,0) <- (0,0)
    }

    @Test
    void augmentationDependsOnSeedEpochAndItemOnly() {
        byte[] px = new byte[8 * 8 * 3];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7);
        Augment a = Augment.parse(Augment.DEFAULT);
        byte[] one = a.apply(px.clone(), 8, 8, new SplittableRandom(ImageSource.mix(1, 2, 3)));
        byte[] two = a.apply(px.clone(), 8, 8, new SplittableRandom(ImageSource.mix(1, 2, 3)));
        assertArrayEquals(one, two);
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("flip,mirror"));
    }

    @Test
    void batchesComeOutInOrderWithBadFilesSkippedAndReportedOnce() throws Exception {
        List<Path> paths = new ArrayList<>();
        List<String> lines = Files.readAllLines(SplitFixture.MINI.resolve("train_list.txt"));
        for (int i = 0; i < 5; i++) paths.add(SplitFixture.MINI.resolve(lines.get(i).split("\t")[0]));
        Path broken = tmp.resolve("broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        paths.add(2, broken);
        BadInputs bad = new BadInputs(false);
        ImageSource src = new ImageSource(paths, 16, 16, ResizeMode.SQUASH, bad);
        int[] labels = {0, 1, 2, 3, 4, 5};
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> seen = new ArrayList<>();
            try (BatchLoader l = new BatchLoader(ImageSource.identity(6), labels, 4, src.imageBytes(), 3, 2, src::load)) {
                assertEquals(2, l.batches());
                while (l.hasNext()) {
                    BatchLoader.Batch b = l.next();
                    for (int i = 0; i < b.n(); i++) seen.add(b.labels()[i]);
                }
            }
            assertEquals(List.of(0, 1, 3, 4, 5), seen);
        }
        assertEquals(1, bad.count(), "reported once over two epochs");
        assertTrue(bad.lines().get(0).startsWith(broken + ": "));
    }

    @Test
    void shuffleIsAPermutationFixedBySeedAndEpoch() {
        int[] a = ImageSource.shuffled(50, 3, 1);
        assertArrayEquals(a, ImageSource.shuffled(50, 3, 1));
        assertFalse(java.util.Arrays.equals(a, ImageSource.shuffled(50, 3, 2)));
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(ImageSource.identity(50), sorted);
    }

    @Test
    void macroF1AndBalancedWeightsByHand() {
        // truth 0,0,1,1 / pred 0,1,1,1: class 0 F1 = 2/3, class 1 F1 = 4/5 -> macro 11/15
        assertEquals(11.0 / 15, Trainer.macroF1(List.of(0, 0, 1, 1), List.of(0, 1, 1, 1), 3), 1e-12);
        var s = List.of(new SplitDataset.Sample(tmp, 0, ""), new SplitDataset.Sample(tmp, 0, ""), new SplitDataset.Sample(tmp, 0, ""),
                new SplitDataset.Sample(tmp, 1, ""));
        assertArrayEquals(new float[] {4f / 6, 2f, 0f}, Trainer.balancedWeights(s, 3), 1e-6f);
    }

    @Test
    void splitListsAreReadAndTraversalRefused() throws Exception {
        Path split = SplitFixture.make(tmp.resolve("split"), 2);
        SplitDataset d = SplitDataset.read(split, new BadInputs(false));
        assertEquals(12, d.numClasses());
        assertEquals(12 * 18, d.train().size());
        assertEquals(12 * 2, d.val().size());
        // one rule with split and predict: the line is refused and reported, the rest is read
        String first = Files.readAllLines(split.resolve("val_list.txt")).get(0);
        Files.writeString(split.resolve("val_list.txt"), "../outside.jpg 0\n" + first + "\n");
        var bad = new BadInputs(false);
        d = SplitDataset.read(split, bad);
        assertEquals(1, d.val().size());
        assertEquals(List.of(split.resolve("val_list.txt") + ":1: path '../outside.jpg' climbs out of the images folder (..); not followed"), bad.lines());
    }
}
