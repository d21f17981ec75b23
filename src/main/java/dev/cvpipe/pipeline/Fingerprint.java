package dev.cvpipe.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cvpipe.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a file or folder looked like: for a folder, every file below it (relative path, size,
 * modification time) folded into one digest. {@code stat} is always computed; {@code content}
 * (file bytes instead of times) only with {@code --hash}, where a touched-but-identical file must
 * not re-run anything.
 *
 * @param kind {@code file}, {@code dir} or {@code missing}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fingerprint(String path, String kind, long files, long bytes, String stat, String content) {

    /**
     * @param exclude paths left out of a folder walk (the pipeline's state, other steps' outputs)
     */
    public static Fingerprint of(Path path, boolean hash, Collection<Path> exclude) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) return new Fingerprint(p.toString(), "missing", 0, 0, null, null);
        boolean dir = Files.isDirectory(p);
        List<Path> files = new ArrayList<>();
        if (dir) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(f -> Files.isRegularFile(f) && !AtomicFile.isTemp(f) && !excluded(f, exclude))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            files.add(p);
        }
        MessageDigest stat = sha256();
        MessageDigest content = hash ? sha256() : null;
        long bytes = 0;
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                String rel = dir ? p.relativize(f).toString() : "";
                bytes += a.size();
                update(stat, rel + "\t" + a.size() + "\t" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "\n");
                if (content != null) update(content, rel + "\t" + a.size() + "\t" + fileSha256(f) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Fingerprint(p.toString(), dir ? "dir" : "file", files.size(), bytes, hex(stat),
                content == null ? null : hex(content));
    }

    /** Same thing on disk: by content when both sides have it and {@code hash} is on, else by size and time. */
    public boolean sameAs(Fingerprint now, boolean hash) {
        if (!kind.equals(now.kind) || files != now.files || bytes != now.bytes) return false;
        if (kind.equals("missing")) return true;
        if (hash && content != null && now.content != null) return content.equals(now.content);
        return stat.equals(now.stat);
    }

    public boolean exists() {
        return !kind.equals("missing");
    }

    private static boolean excluded(Path f, Collection<Path> exclude) {
        for (Path x : exclude) if (f.startsWith(x)) return true;
        return false;
    }

    private static String fileSha256(Path f) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return hex(md);
    }

    private static void update(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }
}
