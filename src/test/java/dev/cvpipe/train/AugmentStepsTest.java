package dev.cvpipe.train;

import static org.junit.jupiter.api.Assertions.*;

import dev.cvpipe.image.RgbImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each augmentation step's geometry and colour effect on hand-made images, and the --augment parser. */
class AugmentStepsTest {

    /** A 5x3 arrow pointing right (value 200 on black); gray, so R = G = B. */
    private static final int[][] ARROW = {
            {0, 0, 0, 200, 0},
            {200, 200, 200, 200, 200},
            {0, 0, 0, 200, 0}};

    private static byte[] gray(int[][] rows) {
        int h = rows.length, w = rows[0].length;
        byte[] px = new byte[h * w * 3];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int c = 0; c < 3; c++) px[(y * w + x) * 3 + c] = (byte) rows[y][x];
        return px;
    }

    @Test
    void hflipTurnsTheArrowToPointLeftAndVflipKeepsIt() {
        byte[] left = Augment.parse("hflip(p=1)").apply(gray(ARROW), 3, 5, new SplittableRandom(0));
        assertArrayEquals(gray(new int[][] {{0, 200, 0, 0, 0}, {200, 200, 200, 200, 200}, {0, 200, 0, 0, 0}}), left);
        // The arrow is symmetric top-bottom: vflip leaves it; p=0 never flips.
        assertArrayEquals(gray(ARROW), Augment.parse("vflip(p=1)").apply(gray(ARROW), 3, 5, new SplittableRandom(0)));
        for (long s = 0; s < 20; s++) assertArrayEquals(gray(ARROW), Augment.parse("hflip(p=0)").apply(gray(ARROW), 3, 5, new SplittableRandom(s)));
    }

    @Test
    void hsvShiftsPureRedAlongTheHueWheelByTheDrawnAmount() {
        // Pure red is hue 0; a shift of d OpenCV units (2d degrees, 0 < 2d <= 60) makes
        // (255, 255 * 2d / 60, 0), and a negative shift (255, 0, 255 * -2d / 60).
        AugmentOps.Hsv hsv = new AugmentOps.Hsv(1, 30, 0, 0);
        int positive = 0, negative = 0;
        for (long seed = 0; seed < 30; seed++) {
            SplittableRandom copy = new SplittableRandom(seed);
            copy.nextDouble(); // the p coin
            int d = copy.nextInt(-30, 31);
            byte[] px = {(byte) 255, 0, 0};
            hsv.apply(px, null, 1, 1, new SplittableRandom(seed));
            int other = (int) Math.round(255 * Math.abs(2.0 * d) / 60);
            int[] want = d >= 0 ? new int[] {255, other, 0} : new int[] {255, 0, other};
            assertArrayEquals(want, new int[] {px[0] & 0xff, px[1] & 0xff, px[2] & 0xff}, "shift " + d);
            if (d > 0) positive++;
            if (d < 0) negative++;
        }
        assertTrue(positive > 0 && negative > 0, "both directions drawn");
        byte[] px = {(byte) 255, 0, 0};
        Augment.shiftHsv(px, 60, 0, 0); // 120 degrees: pure green
        assertArrayEquals(new byte[] {0, (byte) 255, 0}, px);
    }

    @Test
    void randomResizedCropBoxArithmetic() {
        // scale 1, ratio 1 on a 10x10 image: the whole image, every time.
        RandomResizedCrop whole = new RandomResizedCrop(1, 1, 1, 1);
        assertEquals(new RandomResizedCrop.Box(0, 0, 10, 10), whole.box(10, 10, new SplittableRandom(3)));
        // On 20x10 a square of area 200 (14x14) never fits: torchvision's fallback is the centre
        // crop clamped to ratio 1, i.e. 10x10 at x = (20 - 10) / 2.
        assertEquals(new RandomResizedCrop.Box(5, 0, 10, 10), whole.box(20, 10, new SplittableRandom(3)));
        // Half the area of 20x10 at ratio 1: a 10x10 box (round(sqrt(100)) = 10), y = 0, x drawn in 0..10.
        RandomResizedCrop half = new RandomResizedCrop(0.5, 0.5, 1, 1);
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom copy = new SplittableRandom(seed);
            copy.nextDouble();
            copy.nextDouble(); // scale and log-ratio draws (ranges of width 0 are not drawn: see uniform)
            RandomResizedCrop.Box b = half.box(20, 10, new SplittableRandom(seed));
            assertEquals(10, b.w());
            assertEquals(10, b.h());
            assertEquals(0, b.y());
            assertTrue(b.x() >= 0 && b.x() <= 10);
        }
        // For a given seed the box is fixed: scale 0.25..1, ratio 3/4..4/3 on 100x50.
        RandomResizedCrop rrc = new RandomResizedCrop(0.25, 1, 0.75, 4 / 3.0);
        SplittableRandom r = new SplittableRandom(42);
        double area = 5000 * (0.25 + 0.75 * r.nextDouble());
        double aspect = Math.exp(Math.log(0.75) + (Math.log(4 / 3.0) - Math.log(0.75)) * r.nextDouble());
        int w = (int) Math.rint(Math.sqrt(area * aspect)), h = (int) Math.rint(Math.sqrt(area / aspect));
        RandomResizedCrop.Box b = rrc.box(100, 50, new SplittableRandom(42));
        if (h <= 50) {
            assertEquals(w, b.w());
            assertEquals(h, b.h());
        }
        assertTrue(b.x() + b.w() <= 100 && b.y() + b.h() <= 50);
    }

    @Test
    void randomResizedCropCutsTheOriginalNotTheResizedImage() {
        // 20x10 image: left half 0, right half 200. Half the area at ratio 1 is a 10x10 box at
        // x in 0..10, copied 1:1 to a 10x10 input: each row is (10 - x) zeros then x times 200.
        byte[] px = new byte[20 * 10 * 3];
        for (int y = 0; y < 10; y++) for (int x = 10; x < 20; x++) for (int c = 0; c < 3; c++) px[(y * 20 + x) * 3 + c] = (byte) 200;
        Augment a = Augment.parse("rrc(scale=0.5:0.5,ratio=1:1)");
        java.util.Set<Integer> offsets = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            byte[] out = a.applyToOriginal(new RgbImage(20, 10, px), 10, 10, ResizeMode.SQUASH, new SplittableRandom(seed));
            int bright = 0;
            for (int x = 0; x < 10; x++) if ((out[(5 * 10 + x) * 3] & 0xff) == 200) bright++;
            for (int x = 0; x < 10; x++) assertEquals(x >= 10 - bright ? 200 : 0, out[(5 * 10 + x) * 3] & 0xff, "seed " + seed);
            offsets.add(bright);
        }
        assertTrue(offsets.size() > 5, "the box moves: " + offsets);
    }

    @Test
    void centerCropIsTheCentral875PercentOfTheShortSideCrop() {
        // 16x16 horizontal ramp 10*x at input 7: scale 7/16/0.875 = 0.5, box 14x14 at (1, 1);
        // output column o samples source centre 2o + 1.5 -> 20o + 15 (bilinear keeps a ramp).
        byte[] px = new byte[16 * 16 * 3];
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) px[(y * 16 + x) * 3] = (byte) (10 * x);
        byte[] out = ResizeMode.CENTER_CROP.apply(new RgbImage(16, 16, px), 7, 7);
        for (int o = 0; o < 7; o++) assertEquals(20 * o + 15, out[(3 * 7 + o) * 3] & 0xff, "column " + o);
        assertEquals(ResizeMode.CENTER_CROP, ResizeMode.parse("center-crop"));
    }

    @Test
    void randomErasingFillsOneBoxOfTheDrawnSize() {
        RandomErasing erase = new RandomErasing(1, 0.25, 0.25, 1, 1);
        for (long seed = 0; seed < 10; seed++) {
            byte[] px = new byte[8 * 8 * 3];
            java.util.Arrays.fill(px, (byte) 7);
            SplittableRandom copy = new SplittableRandom(seed);
            copy.nextDouble();
            RandomResizedCrop.Box box = erase.box(8, 8, copy);
            assertEquals(4, box.w()); // area 16, ratio 1
            assertEquals(4, box.h());
            erase.apply(px, null, 8, 8, new SplittableRandom(seed));
            int changed = 0;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    boolean inside = x >= box.x() && x < box.x() + 4 && y >= box.y() && y < box.y() + 4;
                    boolean diff = px[(y * 8 + x) * 3] != 7 || px[(y * 8 + x) * 3 + 1] != 7 || px[(y * 8 + x) * 3 + 2] != 7;
                    if (!inside) assertFalse(diff, "pixel outside the box changed");
                    if (diff) changed++;
                }
            }
            assertTrue(changed >= 14, "noise fills the box: " + changed);
        }
    }

    @Test
    void addingAStepDoesNotReshuffleTheOthers() {
        byte[] px = gray(ARROW);
        Augment flip = Augment.parse("hflip"), flipAndMore = Augment.parse("hsv(p=0),hflip,vflip(p=0)");
        for (long seed = 0; seed < 30; seed++) {
            assertArrayEquals(flip.apply(px.clone(), 3, 5, new SplittableRandom(seed)),
                    flipAndMore.apply(px.clone(), 3, 5, new SplittableRandom(seed)), "seed " + seed);
        }
    }

    @Test
    void augmentedBatchesAreTheSameForAnyNumberOfWorkers() throws Exception {
        List<java.nio.file.Path> paths = new java.util.ArrayList<>();
        List<String> lines = java.nio.file.Files.readAllLines(SplitFixture.MINI.resolve("train_list.txt"));
        for (int i = 0; i < 6; i++) paths.add(SplitFixture.MINI.resolve(lines.get(i).split("\t")[0]));
        ImageSource src = new ImageSource(paths, 16, 16, ResizeMode.CENTER_CROP, new dev.cvpipe.report.BadInputs(false));
        Augment a = Augment.parse("rrc,hflip,hsv,erase(p=1)");
        byte[] one = batches(src, a, 0, 1), three = batches(src, a, 0, 3);
        assertArrayEquals(one, three);
        assertFalse(java.util.Arrays.equals(one, batches(src, a, 1, 2)), "another epoch, other draws");
    }

    private static byte[] batches(ImageSource src, Augment a, int epoch, int workers) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try (BatchLoader l = new BatchLoader(ImageSource.shuffled(6, 7, epoch), new int[6], 4, src.imageBytes(), workers, 2,
                src.augmented(a, 7, epoch))) {
            while (l.hasNext()) {
                BatchLoader.Batch b = l.next();
                all.write(b.pixels(), 0, b.n() * src.imageBytes());
            }
        }
        return all.toByteArray();
    }

    @Test
    void parserSpellsOutDefaultsAndReadsItsOwnOutput() {
        Augment a = Augment.parse(Augment.CLASSIFIER_DEFAULT);
        assertEquals(List.of("rrc(scale=0.08:1,ratio=0.75:1.3333)", "hflip(p=0.5)"), a.names());
        Augment custom = Augment.parse("rrc(scale=0.25:1), flip(p=0.3),hsv(h=10,s=20,v=20),ssr(rotate=15),erase");
        assertEquals(List.of("rrc(scale=0.25:1,ratio=0.75:1.3333)", "hflip(p=0.3)", "hsv(p=0.5,h=10,s=20,v=20)",
                "ssr(p=0.5,shift=0.1,scale=0.1,aspect=0.1,rotate=15)", "erase(p=0.25,scale=0.02:0.33,ratio=0.3:3.3)"), custom.names());
        assertEquals(custom.names(), Augment.parse(String.join(",", custom.names())).names());
        assertTrue(Augment.parse("none").isEmpty());
        assertTrue(Augment.parse("").isEmpty());
        assertEquals(List.of("hsv(p=0.5,h=30,s=5,v=15)", "ssr(p=0.5,shift=0.1,scale=0.1,aspect=0.1,rotate=0)", "hflip(p=0.5)",
                "vflip(p=0.5)", "rot90(p=0.5)"), Augment.parse(Augment.DEFAULT).names());
        assertEquals("rrc(scale=0.08:1,ratio=0.75:1.3333)", a.classifierOnlyStep());
        assertNull(Augment.parse(Augment.DEFAULT).classifierOnlyStep());
    }

    @Test
    void parserRefusesWhatItDoesNotKnowNamingTheToken() {
        assertMessage("mirror", "flip,mirror");
        assertMessage("'none' turns augmentation off and cannot be combined", "none,hflip");
        assertMessage("cannot be combined", "hflip, NONE");
        assertMessage("no parameter 'q'", "hflip(q=0.5)");
        assertMessage("probability", "hflip(p=2)");
        assertMessage("LO:HI", "rrc(scale=0.5:0.1)");
        assertMessage("LO:HI", "rrc(scale=a:b)");
        assertMessage("within 0:1", "rrc(scale=0.5:2)");
        assertMessage("first step", "hflip,rrc");
        assertMessage("unbalanced '('", "hflip(p=0.5");
        assertMessage("unbalanced", "hflip(p=0.5))");
        assertMessage("key=value", "hsv(10)");
        assertMessage("twice", "hsv(h=1,h=2)");
        assertMessage("integer", "hsv(h=1.5)");
    }

    private static void assertMessage(String part, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augment.parse(spec), spec);
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(e.getMessage().startsWith("--augment: "), e.getMessage());
    }
}
