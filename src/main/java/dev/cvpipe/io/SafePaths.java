package dev.cvpipe.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path written in a list file into a file inside the images root, or refuses. A list is
 * data someone else wrote: absolute paths, {@code ..} segments and symlinks that lead outside the
 * root are never followed, whatever file they would reach. Every command that reads paths from a
 * list (split, predict, inspect, to-rgb) resolves them here, so one rule holds everywhere: a line
 * that would leave the root is refused and reported as a bad line, and the run goes on.
 */
public final class SafePaths {
    private SafePaths() {}

    /** Splits a list path into its segments, refusing anything that could climb out of the root. */
    public static List<String> segments(String written) {
        String p = written.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || p.startsWith("~")) {
            throw new IllegalArgumentException("absolute path '" + written + "' is outside the images folder");
        }
        List<String> parts = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) throw new IllegalArgumentException("path '" + written + "' climbs out of the images folder (..)");
            if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("path '" + written + "' contains a NUL byte");
            parts.add(s);
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("empty path");
        return parts;
    }

    /**
     * The candidates a list path may mean, in the order they are tried: {@code root/a/b.jpg}, then,
     * when the first folder repeats the root's own name ({@code cat_12_train/x.jpg} with root
     * {@code .../cat_12_train}), {@code root/x.jpg}.
     */
    public static List<Path> candidates(Path root, String written) {
        List<String> parts = segments(written);
        Path base = root.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>(2);
        out.add(join(base, parts, 0));
        Path rootName = base.getFileName();
        if (parts.size() > 1 && rootName != null && parts.get(0).equals(rootName.toString())) {
            out.add(join(base, parts, 1));
        }
        return out;
    }

    private static Path join(Path base, List<String> parts, int from) {
        Path p = base;
        for (int i = from; i < parts.size(); i++) p = p.resolve(parts.get(i));
        return p;
    }

    /**
     * The file a list path names inside {@code root}: the first candidate that exists, checked with
     * {@link #requireInside}, or the first candidate when none exists (the caller reports it missing
     * when it reads it, like any other unreadable input).
     * @throws IllegalArgumentException why the path is refused, ending in "; not followed"
     */
    public static Path resolve(Path root, String written) throws IOException {
        List<Path> candidates;
        try {
            candidates = candidates(root, written);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; not followed");
        }
        for (Path c : candidates) {
            if (Files.exists(c, LinkOption.NOFOLLOW_LINKS)) {
                requireInsideOrRefuse(root, c, written);
                return c;
            }
        }
        return candidates.get(0);
    }

    /** {@link #requireInside}, with every refusal as an {@link IllegalArgumentException} naming the written path. */
    public static void requireInsideOrRefuse(Path root, Path file, String written) throws IOException {
        try {
            requireInside(root, file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("'" + written + "' is a broken symlink");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + written + "': " + e.getMessage() + "; not followed");
        }
    }

    /**
     * Whether an existing file really lies inside root once every symlink on the way is resolved.
     * @throws IllegalArgumentException when it does not
     */
    public static void requireInside(Path root, Path file) throws IOException {
        Path realRoot = root.toRealPath();
        Path real = file.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new IllegalArgumentException("symlink leads outside the images folder (to " + real + ")");
        }
        if (!Files.isRegularFile(real)) throw new IllegalArgumentException("not a regular file");
    }
}
