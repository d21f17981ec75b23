package dev.cvpipe.pipeline;

import dev.cvpipe.io.InputFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a pipeline file. We walk SnakeYAML's node tree rather than its Java objects because the
 * nodes carry line numbers, and every error here must name one. The format is described in the
 * README ("Pipeline files"); in short:
 *
 * <pre>
 * vars:                      # optional, ${name} substitution, overridable with -D name=value
 *   data: test-data/cat12-mini
 *   out: demo-out
 * state: ${out}/.cvpipe-state  # optional; this is the default when a var 'out' exists
 * steps:
 *   - name: split
 *     run: split --list ${data}/train_list.txt --images ${data}/cat_12_train -o ${out}/split
 *   - name: stats
 *     run: [stats, "${out}/split", --chart, "${out}/classes.svg"]   # or a list of arguments
 *     stdout: ${out}/stats.txt   # optional: the step's stdout goes to this file
 *     inputs: [...]              # optional: replaces the inferred inputs
 *     outputs: [...]             # optional: replaces the inferred outputs
 * results:                   # optional: labelled paths printed after a run
 *   class chart: ${out}/classes.svg
 * </pre>
 */
public final class PipelineParser {
    /** The folder holding the pipeline file, so a pipeline can name files beside it. */
    public static final String HERE = "here";

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "vars", "state", "steps", "results");
    private static final Set<String> STEP_KEYS = Set.of("name", "run", "inputs", "outputs", "stdout", "description");

    private final Path file;

    private PipelineParser(Path file) {
        this.file = file;
    }

    /**
     * @param overrides {@code -D name=value}; each must name a var of the file
     * @throws PipelineException for anything wrong in the file, with its line
     * @throws IOException when the file cannot be read
     */
    public static Pipeline parse(Path file, Map<String, String> overrides) throws IOException {
        String text;
        try {
            text = InputFiles.readText(file);
        } catch (InputFiles.NotUtf8Exception e) {
            throw new PipelineException(file, e.line(), "not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)");
        }
        return new PipelineParser(file).read(text, overrides);
    }

    /** Parses YAML text as if read from {@code file} (which need not exist). */
    public static Pipeline parse(Path file, String yaml, Map<String, String> overrides) {
        return new PipelineParser(file).read(yaml, overrides);
    }

    private Pipeline read(String yaml, Map<String, String> overrides) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new PipelineException(file, line, "not valid YAML: " + oneLine(e.getProblem()));
        } catch (YAMLException e) {
            throw new PipelineException(file, 0, "not valid YAML: " + oneLine(e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw error(root, "a pipeline file is a mapping with 'vars:' and 'steps:'");
        }
        Map<String, Node> keys = mapping(top, TOP_KEYS, "top-level");
        Map<String, String> vars = readVars(keys.get("vars"), overrides);

        Node stepsNode = keys.get("steps");
        if (stepsNode == null) throw error(top, "no 'steps:' list");
        if (!(stepsNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw error(stepsNode, "'steps:' must be a non-empty list of steps");
        }
        List<Step> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node n : seq.getValue()) {
            Step s = readStep(n, vars);
            if (!names.add(s.name())) throw error(n, "step name '" + s.name() + "' is used twice");
            steps.add(s);
        }

        Path stateDir;
        Node stateNode = keys.get("state");
        if (stateNode != null) {
            stateDir = Path.of(substitute(scalar(stateNode, "state"), vars, stateNode));
        } else if (vars.containsKey("out")) {
            stateDir = Path.of(vars.get("out"), ".cvpipe-state");
        } else {
            String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            stateDir = Path.of(".cvpipe-state", stem);
        }

        Map<String, String> results = new LinkedHashMap<>();
        Node resultsNode = keys.get("results");
        if (resultsNode != null) {
            if (!(resultsNode instanceof MappingNode rm)) throw error(resultsNode, "'results:' must map labels to paths");
            for (NodeTuple t : rm.getValue()) {
                String label = scalar(t.getKeyNode(), "a results label");
                results.put(label, substitute(scalar(t.getValueNode(), "results: " + label), vars, t.getValueNode()));
            }
        }
        Map<String, String> userVars = new LinkedHashMap<>(vars);
        userVars.remove(HERE);
        return new Pipeline(file, userVars, stateDir, steps, results);
    }

    private Map<String, String> readVars(Node node, Map<String, String> overrides) {
        Map<String, String> vars = new LinkedHashMap<>();
        Path abs = file.toAbsolutePath().normalize();
        vars.put(HERE, abs.getParent() == null ? "." : abs.getParent().toString());
        Set<String> unused = new java.util.TreeSet<>(overrides.keySet());
        if (node != null) {
            if (!(node instanceof MappingNode m)) throw error(node, "'vars:' must map names to values");
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : m.getValue()) {
                String name = scalar(t.getKeyNode(), "a var name");
                if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) throw error(t.getKeyNode(), "var name '" + name + "' is not a plain name");
                if (name.equals(HERE)) throw error(t.getKeyNode(), "'here' is built in (the pipeline file's folder)");
                if (!seen.add(name)) throw error(t.getKeyNode(), "var '" + name + "' is defined twice");
                unused.remove(name);
                // An override replaces the value before later vars use it, so ${out}/split follows -D out=...
                String value = overrides.containsKey(name) ? overrides.get(name)
                        : substitute(scalar(t.getValueNode(), "var " + name), vars, t.getValueNode());
                vars.put(name, value);
            }
        }
        if (!unused.isEmpty()) {
            Set<String> defined = new java.util.LinkedHashSet<>(vars.keySet());
            defined.remove(HERE);
            throw new PipelineException(file, node == null ? 0 : line(node),
                    "-D " + String.join(", ", unused) + ": no such var in the pipeline (vars: "
                            + (defined.isEmpty() ? "none" : String.join(", ", defined)) + ")");
        }
        return vars;
    }

    private Step readStep(Node n, Map<String, String> vars) {
        if (!(n instanceof MappingNode m)) throw error(n, "a step is a mapping with 'name:' and 'run:'");
        Map<String, Node> keys = mapping(m, STEP_KEYS, "step");
        Node nameNode = keys.get("name");
        if (nameNode == null) throw error(n, "step without 'name:'");
        String name = scalar(nameNode, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw error(nameNode, "step name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Node runNode = keys.get("run");
        if (runNode == null) throw error(n, "step '" + name + "' has no 'run:'");
        List<String> args = new ArrayList<>();
        if (runNode instanceof ScalarNode sc) {
            List<String> words;
            try {
                words = CommandWords.split(sc.getValue());
            } catch (IllegalArgumentException e) {
                throw error(runNode, "step '" + name + "': " + e.getMessage());
            }
            for (String w : words) args.add(substitute(w, vars, runNode));
        } else if (runNode instanceof SequenceNode sq) {
            for (Node item : sq.getValue()) args.add(substitute(scalar(item, "an argument of step '" + name + "'"), vars, item));
        } else {
            throw error(runNode, "step '" + name + "': 'run:' is a command line or a list of arguments");
        }
        if (args.isEmpty()) throw error(runNode, "step '" + name + "': empty 'run:'");
        String stdout = keys.containsKey("stdout") ? substitute(scalar(keys.get("stdout"), "stdout"), vars, keys.get("stdout")) : null;
        return new Step(name, args, pathList(keys.get("inputs"), vars, name), pathList(keys.get("outputs"), vars, name),
                stdout, line(n), line(runNode));
    }

    private List<String> pathList(Node node, Map<String, String> vars, String step) {
        if (node == null) return null;
        List<String> out = new ArrayList<>();
        if (node instanceof ScalarNode sc) {
            if (!sc.getValue().isEmpty()) out.add(substitute(sc.getValue(), vars, node));
        } else if (node instanceof SequenceNode sq) {
            for (Node item : sq.getValue()) out.add(substitute(scalar(item, "a path of step '" + step + "'"), vars, item));
        } else {
            throw error(node, "step '" + step + "': inputs/outputs are a list of paths");
        }
        return out;
    }

    private Map<String, Node> mapping(MappingNode m, Set<String> allowed, String what) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), "unknown " + what + " key '" + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (out.put(key, t.getValueNode()) != null) throw error(t.getKeyNode(), "key '" + key + "' given twice");
        }
        return out;
    }

    private String scalar(Node n, String what) {
        if (n instanceof ScalarNode sc) return sc.getValue();
        throw error(n, what + " must be a single value, not a " + (n instanceof SequenceNode ? "list" : "mapping"));
    }

    private String substitute(String text, Map<String, String> vars, Node where) {
        try {
            return Vars.substitute(text, vars);
        } catch (IllegalArgumentException e) {
            throw error(where, e.getMessage());
        }
    }

    private PipelineException error(Node n, String message) {
        return new PipelineException(file, n == null ? 0 : line(n), message);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String oneLine(String s) {
        return s == null ? "syntax error" : s.replaceAll("\\s+", " ").trim();
    }
}
