package dev.cvpipe.model.weights;

import dev.cvpipe.report.Table;
import java.util.List;
import java.util.Locale;

/**
 * What a pretrained-weights import did or would do: the file, its format and sha256, one row per
 * tensor (loaded / reinitialised / unused) and the three counts that config.json records.
 */
public record ImportReport(String file, String format, String sha256, List<TorchMapping.Row> rows,
                           int loaded, int reinitialised, int unused) {

    /** Columns tensor, shape, variable, status, note: rendered as text, --csv or --json. */
    public Table table() {
        Table t = new Table("tensor", "shape", "variable", "status", "note");
        for (TorchMapping.Row r : rows) t.add(r.tensor(), r.shape(), r.variable(), r.status().label(), r.note());
        return t;
    }

    /** One line for the log: "resnet50-0676ba61.pth (pth (zip)): 318 loaded, 2 reinitialised, 2 unused". */
    public String summary() {
        return String.format(Locale.ROOT, "%s (%s): %d loaded, %d reinitialised, %d unused", file, format, loaded, reinitialised, unused);
    }
}
