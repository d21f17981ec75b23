package dev.cvpipe.model.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Greedy per-class non-maximum suppression: keep the best box, drop those overlapping it by more than the IoU threshold. */
public final class Nms {
    private Nms() {}

    /** The kept detections, by class then descending score (ties keep input order). */
    public static List<Detection> apply(List<Detection> detections, float iouThreshold) {
        Map<Integer, List<Detection>> byClass = new TreeMap<>();
        for (Detection d : detections) byClass.computeIfAbsent(d.classId(), k -> new ArrayList<>()).add(d);
        List<Detection> kept = new ArrayList<>();
        for (List<Detection> ds : byClass.values()) {
            List<Detection> sorted = new ArrayList<>(ds);
            sorted.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed());
            List<Detection> keep = new ArrayList<>();
            for (Detection d : sorted) {
                boolean suppressed = false;
                for (Detection k : keep) {
                    if (k.box().iou(d.box()) > iouThreshold) {
                        suppressed = true;
                        break;
                    }
                }
                if (!suppressed) keep.add(d);
            }
            kept.addAll(keep);
        }
        return kept;
    }
}
