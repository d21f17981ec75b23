package dev.cvpipe.spark;

import dev.cvpipe.cli.InspectCommand;
import dev.cvpipe.image.ImageFiles;
import dev.cvpipe.image.ImageInfo;
import dev.cvpipe.image.InspectBatch;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code inspect} on Spark: the CLI command's library steps, each file inspected on an executor. */
final class InspectJob implements SparkCommand {
    /** An {@link ImageInfo} without its path, to travel back from an executor. */
    record Row(String format, boolean extensionMismatch, String mode, int width, int height, int bitsPerSample,
               String iccProfile, int exifOrientation, String status) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Row of(ImageInfo i) {
            return new Row(i.format(), i.extensionMismatch(), i.mode(), i.width(), i.height(), i.bitsPerSample(),
                    i.iccProfile(), i.exifOrientation(), i.status());
        }

        /** Back to the driver's path, as the user wrote it (a reason naming the file names it the same way). */
        ImageInfo toInfo(Path path, String absolute) {
            return new ImageInfo(path, format, extensionMismatch, mode, width, height, bitsPerSample, iccProfile,
                    exifOrientation, PathStrings.restore(status, absolute, path));
        }
    }

    @Override
    public int run(Object command, Cluster cluster) throws Exception {
        return ((InspectCommand) command).run((inputs, settings, onResult) -> inspect(cluster, inputs, settings, onResult));
    }

    private static List<ImageInfo> inspect(Cluster cluster, List<ImageFiles.Input> inputs, InspectBatch.Settings settings,
                                           Consumer<ImageInfo> onResult) throws Exception {
        List<String> absolute = PathStrings.absolute(inputs);
        List<Row> rows = cluster.map("inspect", absolute, p -> Row.of(settings.inspect(Path.of(p))));
        List<ImageInfo> infos = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ImageInfo info = rows.get(i).toInfo(inputs.get(i).file(), absolute.get(i));
            onResult.accept(info);
            infos.add(info);
        }
        return infos;
    }
}
