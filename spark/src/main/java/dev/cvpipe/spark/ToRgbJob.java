package dev.cvpipe.spark;

import dev.cvpipe.cli.ToRgbCommand;
import dev.cvpipe.image.DecodeOptions;
import dev.cvpipe.image.ImageFiles;
import dev.cvpipe.image.RgbBatch;
import dev.cvpipe.image.RgbConversion;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code to-rgb} on Spark: the driver runs the CLI command's library steps (checks, plan, report),
 * executors convert the files, each through {@link RgbBatch#convert} with absolute paths.
 */
final class ToRgbJob implements SparkCommand {
    /** One planned input as it travels: absolute file and mirror root, and the clash found on the driver. */
    record Item(String file, String root, String clash) implements Serializable {
        private static final long serialVersionUID = 1L;

        RgbBatch.Planned planned() {
            return new RgbBatch.Planned(new ImageFiles.Input(Path.of(file), Path.of(root)), clash);
        }
    }

    /** {@link RgbConversion.Options} with an absolute OUTDIR (null: in place), serialisable. */
    record Spec(String outDir, RgbConversion.Target target, int quality, boolean fixExtension, boolean force, boolean dryRun,
                DecodeOptions decode) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(RgbConversion.Options o) {
            return new Spec(o.outDir() == null ? null : o.outDir().toAbsolutePath().toString(), o.target(), o.quality(),
                    o.fixExtension(), o.force(), o.dryRun(), o.decode());
        }

        RgbConversion.Options options() {
            return new RgbConversion.Options(outDir == null ? null : Path.of(outDir), target, quality, fixExtension, force, dryRun, decode);
        }
    }

    /** A {@link RgbConversion.Result} with absolute paths as strings. */
    record Row(String source, String target, String modeBefore, String action, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Row of(RgbConversion.Result r) {
            return new Row(r.source().toString(), r.target() == null ? null : r.target().toString(), r.modeBefore(), r.action(), r.reason());
        }
    }

    @Override
    public int run(Object command, Cluster cluster) throws Exception {
        return ((ToRgbCommand) command).run((planned, o, onResult) -> convert(cluster, planned, o, onResult));
    }

    private static List<RgbConversion.Result> convert(Cluster cluster, List<RgbBatch.Planned> planned, RgbConversion.Options o,
                                                      Consumer<RgbConversion.Result> onResult) throws Exception {
        List<Item> items = new ArrayList<>(planned.size());
        for (RgbBatch.Planned p : planned) {
            items.add(new Item(p.input().file().toAbsolutePath().toString(), p.input().root().toAbsolutePath().toString(), p.clash()));
        }
        Spec spec = Spec.of(o);
        List<Row> rows = cluster.map("to-rgb", items, it -> Row.of(RgbBatch.convert(it.planned(), spec.options())));
        List<RgbConversion.Result> results = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RgbConversion.Result r = back(rows.get(i), planned.get(i).input().file(), o.outDir());
            onResult.accept(r);
            results.add(r);
        }
        return results;
    }

    /** The result as the CLI reports it: source as the user wrote it, target under the OUTDIR as written (or beside the source). */
    static RgbConversion.Result back(Row row, Path source, Path outDir) {
        Path target = null;
        if (row.target() != null) {
            Path abs = Path.of(row.target());
            target = outDir == null ? source.resolveSibling(abs.getFileName().toString())
                    : outDir.resolve(outDir.toAbsolutePath().relativize(abs).toString());
        }
        String reason = PathStrings.restore(row.reason(), row.source(), source);
        if (target != null) reason = PathStrings.restore(reason, row.target(), target);
        return new RgbConversion.Result(source, target, row.modeBefore(), row.action(), reason);
    }
}
