package dev.cvpipe.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvpipe.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code split.json}: the arguments that define a split (compared on every re-run to tell
 * "resume / nothing to do" from "other arguments, refuse"), plus what the split holds. Holds no
 * time stamps, so an identical run writes identical bytes.
 */
public final class SplitManifest {
    public static final String FILE_NAME = "split.json";

    private SplitManifest() {}

    /** The fields that decide what a split contains; paths are left out so a moved dataset still matches. */
    static Map<String, Object> arguments(SplitRequest req, String inputSha, String labelsSha) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("source", req.list() != null ? "list" : "folders");
        a.put("input_sha256", inputSha);
        a.put("labels_sha256", labelsSha);
        a.put("num_classes", req.numClasses());
        a.put("mode", req.mode().label());
        a.put("seed", req.seed());
        a.put("val", req.val().text());
        a.put("test", req.test().text());
        return a;
    }

    static String render(SplitRequest req, Map<String, Object> args, boolean complete, boolean inPlace,
                         LabelledSet set, StratifiedSplit.Plan plan, int badInputs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "cvpipe split");
        m.put("version", req.toolVersion());
        m.put("complete", complete);
        m.put("arguments", args);
        Map<String, Object> input = new LinkedHashMap<>();
        if (req.list() != null) {
            input.put("list", req.list().toAbsolutePath().normalize().toString());
            input.put("images", req.images().toAbsolutePath().normalize().toString());
        } else {
            input.put("folders", req.folders().toAbsolutePath().normalize().toString());
        }
        if (req.labels() != null) input.put("labels", req.labels().toAbsolutePath().normalize().toString());
        m.put("input", input);
        m.put("in_place", inPlace);
        if (plan != null) {
            List<Map<String, Object>> classes = new ArrayList<>();
            for (int c = 0; c < set.classes().size(); c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", c);
                row.put("name", set.classes().name(c));
                int total = 0;
                for (Subset s : Subset.values()) {
                    row.put(s.label(), plan.count(c, s));
                    total += plan.count(c, s);
                }
                row.put("total", total);
                classes.add(row);
            }
            m.put("classes", classes);
            Map<String, Object> totals = new LinkedHashMap<>();
            int all = 0;
            for (Subset s : Subset.values()) {
                totals.put(s.label(), plan.total(s));
                all += plan.total(s);
            }
            totals.put("total", all);
            m.put("totals", totals);
        } else {
            List<Map<String, Object>> classes = new ArrayList<>();
            for (int c = 0; c < set.classes().size(); c++) classes.add(Map.of("id", c, "name", set.classes().name(c)));
            m.put("classes", classes);
        }
        m.put("unlisted_images", set.unlisted().size());
        m.put("bad_inputs", badInputs);
        return Json.write(m) + "\n";
    }

    public static JsonNode read(Path out) throws IOException {
        Path f = out.resolve(FILE_NAME);
        if (!Files.exists(f)) return null;
        try {
            return Json.MAPPER.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": not a readable split.json (" + e.getMessage() + ")");
        }
    }

    /** "seed 42 -> 7, val 0.1 -> 0.2": what differs between an old split and a new request. */
    static String differences(JsonNode oldArgs, Map<String, Object> newArgs) throws IOException {
        JsonNode now = Json.MAPPER.readTree(Json.write(newArgs));
        List<String> diffs = new ArrayList<>();
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonNode o = oldArgs == null ? null : oldArgs.get(k);
            JsonNode n = now.get(k);
            if (o == null || !o.equals(n)) diffs.add(k + " " + (o == null ? "?" : shortText(o)) + " -> " + shortText(n));
        }
        return String.join(", ", diffs);
    }

    private static String shortText(JsonNode n) {
        String s = n.isNull() ? "none" : n.asText();
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }
}
