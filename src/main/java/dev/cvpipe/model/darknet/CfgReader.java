package dev.cvpipe.model.darknet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a darknet .cfg into sections. Like darknet: blank lines and lines starting with '#' or ';'
 * are comments, spaces around '=' do not matter; unlike darknet, an inline comment after a value
 * ("groups=464 #384") is dropped rather than parsed into the value. Aliases ([conv], [max], [avg],
 * [network], [conn], [soft]) become their full names.
 */
public final class CfgReader {
    private static final Map<String, String> ALIASES = Map.of(
            "conv", "convolutional", "max", "maxpool", "avg", "avgpool", "network", "net",
            "conn", "connected", "soft", "softmax");

    private CfgReader() {}

    public static List<CfgSection> read(Path path) throws IOException {
        return parse(path.toString(), new String(dev.cvpipe.io.InputFiles.readAllBytes(path), StandardCharsets.ISO_8859_1));
    }

    public static List<CfgSection> parse(String file, String text) {
        List<CfgSection> sections = new ArrayList<>();
        CfgSection current = null;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) line = line.substring(0, hash);
            line = line.strip();
            if (line.isEmpty() || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) throw new CfgException(file + ":" + lineNo + ": section header without ']': " + line);
                String name = line.substring(1, line.length() - 1).strip();
                String lower = name.toLowerCase(Locale.ROOT);
                current = new CfgSection(file, ALIASES.getOrDefault(lower, lower), lineNo);
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) throw new CfgException(file + ":" + lineNo + ": expected key=value, got '" + line + "'");
            if (current == null) throw new CfgException(file + ":" + lineNo + ": key=value before the first [section]");
            current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip(), lineNo);
        }
        if (sections.isEmpty()) throw new CfgException(file + ": no sections");
        return sections;
    }
}
