package dev.cvpipe.cli;

import dev.cvpipe.image.BadImageException;
import dev.cvpipe.image.ImageDecoder;
import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.model.SizeLimitException;
import dev.cvpipe.model.Precision;
import dev.cvpipe.model.darknet.DarknetCfg;
import dev.cvpipe.model.detect.BoxDrawer;
import dev.cvpipe.model.detect.Detection;
import dev.cvpipe.model.detect.DetectionTable;
import dev.cvpipe.model.detect.Detector;
import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.Json;
import dev.cvpipe.report.Log;
import dev.cvpipe.report.Progress;
import dev.cvpipe.report.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Detect objects with a darknet YOLO .cfg + .weights (yolov3, yolov3-tiny, yolov4-tiny, ...).",
            "Letterbox, decode every [yolo] head, per-class NMS; one row per box in image pixels."})
public final class DetectCommand implements Callable<Integer> {
    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp");

    @Option(names = "--cfg", required = true, paramLabel = "FILE.cfg", description = "Darknet network description with [yolo] heads.")
    Path cfg;

    @Option(names = "--weights", paramLabel = "FILE.weights", description = "Darknet weights for the cfg.")
    Path weights;

    @Option(names = "--random-weights", description = "No weights file: seeded random weights with the [yolo] heads' convolutions zeroed, so no box passes (for timing and smoke tests only).")
    boolean randomWeights;

    @Option(names = "--names", paramLabel = "FILE", description = "Class names, one per line (coco.names); without it names are class numbers.")
    Path names;

    @Option(names = "--images", paramLabel = "DIR", description = "Every image file in DIR and below, in path order.")
    Path imageDir;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Image files.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.csv|FILE.json", description = "Where the detections go.")
    Path output;

    @Option(names = "--conf", paramLabel = "X", defaultValue = "0.25", description = "Score threshold (objectness × class probability), default ${DEFAULT-VALUE}.")
    float conf;

    @Option(names = "--nms", paramLabel = "X", defaultValue = "0.45", description = "IoU above which a lower-scored box of the same class is dropped, default ${DEFAULT-VALUE}.")
    float nms;

    @Option(names = "--input", paramLabel = "HxW", description = "Network input size (default: the cfg's [net]; multiples of 32).")
    String input;

    @Option(names = "--draw", paramLabel = "OUTDIR", description = "Also write PNG copies of the images with labelled boxes.")
    Path drawDir;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1", description = "Images per graph run, default ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "TensorFlow threads (0: all cores).")
    int threads;

    @Mixin
    PrecisionOption precision;

    @Mixin
    StrictOption strictOption;

    @Override
    public Integer call() throws Exception {
        if (weights == null && !randomWeights) throw new CvpipeException("give --weights FILE.weights (or --random-weights for a smoke test)", ExitCode.USAGE);
        if (weights != null && randomWeights) throw new CvpipeException("--weights and --random-weights exclude each other", ExitCode.USAGE);
        if (batch < 1) throw new CvpipeException("--batch must be at least 1", ExitCode.USAGE);
        if (!(conf >= 0 && conf < 1) || !(nms > 0 && nms <= 1)) throw new CvpipeException("--conf must be in [0, 1) and --nms in (0, 1]", ExitCode.USAGE);
        String ext = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!ext.endsWith(".csv") && !ext.endsWith(".json")) throw new CvpipeException("-o must end in .csv or .json", ExitCode.USAGE);
        List<Path> images = images();
        if (images.isEmpty()) throw new CvpipeException("no images: give --images DIR or image files", ExitCode.USAGE);
        List<String> classNames = names == null ? null : dev.cvpipe.io.InputFiles.readLines(names).stream().map(String::strip).toList();
        int[] hw = ModelOptions.parseInput(input);
        Precision compute = precision.resolve();
        if (hw[0] % 32 != 0 || hw[1] % 32 != 0) {
            // a YOLO network halves the image five times; other sizes misalign its route/upsample layers
            throw new CvpipeException("--input must be multiples of 32 (e.g. 416x416), got '" + input + "'", ExitCode.USAGE);
        }

        if (randomWeights) Log.warn("%s: --random-weights: the boxes are meaningless (timing and smoke tests only)", cfg);
        BadInputs bad = strictOption.badInputs();
        Table table = DetectionTable.create();
        try (Detector detector = new Detector(DarknetCfg.read(cfg, hw[0], hw[1]), weights, threads, compute);
             Progress progress = new Progress("detect", images.size())) {
            for (int start = 0; start < images.size(); start += batch) {
                List<Path> paths = new ArrayList<>();
                List<RgbImage> pixels = new ArrayList<>();
                for (Path p : images.subList(start, Math.min(images.size(), start + batch))) {
                    try {
                        pixels.add(ImageDecoder.readRgb(p));
                        paths.add(p);
                    } catch (BadImageException e) {
                        bad.report(p, e.getMessage());
                        progress.step();
                    }
                }
                if (pixels.isEmpty()) continue;
                List<List<Detection>> found = detector.detect(pixels, conf, nms);
                for (int i = 0; i < paths.size(); i++) {
                    DetectionTable.add(table, paths.get(i).toString(), found.get(i), classNames);
                    if (drawDir != null) BoxDrawer.write(pixels.get(i), found.get(i), classNames, drawDir.resolve(drawnName(paths.get(i))));
                    progress.step();
                }
            }
        } catch (SizeLimitException e) {
            throw new CvpipeException(e.getMessage(), ExitCode.USAGE);
        } catch (IllegalArgumentException | IOException e) {
            throw new CvpipeException(Main.describe(e));
        }
        AtomicFile.writeString(output, ext.endsWith(".json") ? Json.write(table.toMaps()) + "\n" : table.toCsv());
        Log.info("%d boxes in %d images -> %s", table.size(), images.size() - bad.count(), output);
        return bad.any() ? ExitCode.BAD_INPUTS : ExitCode.OK;
    }

    private List<Path> images() throws IOException {
        List<Path> out = new ArrayList<>(files);
        if (imageDir != null) {
            try (Stream<Path> s = Files.walk(imageDir)) {
                s.filter(Files::isRegularFile).filter(DetectCommand::looksLikeImage).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static boolean looksLikeImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** "dir/cat.jpg" -> "cat.jpg.png": keeps the original name visible and never overwrites an input. */
    private static String drawnName(Path p) {
        return p.getFileName() + ".png";
    }
}
