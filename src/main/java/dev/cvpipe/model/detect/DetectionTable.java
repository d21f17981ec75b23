package dev.cvpipe.model.detect;

import dev.cvpipe.report.Table;
import java.util.List;

/** Detections as report rows: file, class_id, class_name, score, x1, y1, x2, y2 (pixels, 2 decimals). */
public final class DetectionTable {
    private DetectionTable() {}

    public static Table create() {
        return new Table("file", "class_id", "class_name", "score", "x1", "y1", "x2", "y2");
    }

    public static void add(Table t, String file, List<Detection> detections, List<String> names) {
        for (Detection d : detections) {
            Box b = d.box();
            t.add(file, d.classId(), name(names, d.classId()), round(d.score(), 1e4), round(b.x1(), 100), round(b.y1(), 100),
                    round(b.x2(), 100), round(b.y2(), 100));
        }
    }

    /** The class's line from the names file, or its number when there is no such line. */
    public static String name(List<String> names, int classId) {
        return names != null && classId < names.size() ? names.get(classId) : Integer.toString(classId);
    }

    private static double round(float v, double scale) {
        return Math.round(v * scale) / scale;
    }
}
