package dev.cvpipe.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Native libraries as files System.load can open: a library already on disk (a build's classes
 * folder) as it is, one inside a jar copied once into a cache folder under a name made of its jar
 * entry's CRC and size, so a new version never meets an old copy, and written to a temp name and
 * renamed, so a process starting at the same time never loads a half-written one. The folder is
 * {@code cvpipe.nativeCache} if set, else ~/.cache/cvpipe/native, else the temp folder.
 */
final class NativeFiles {
    private NativeFiles() {}

    static Path local(URL url) throws IOException {
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("bad library URL " + url, e);
            }
        }
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        String tag = c instanceof JarURLConnection j && j.getJarEntry() != null
                ? String.format(Locale.ROOT, "%08x-%d", j.getJarEntry().getCrc(), j.getJarEntry().getSize())
                : Long.toString(c.getContentLengthLong());
        IOException last = null;
        for (Path dir : folders()) {
            try {
                Path f = dir.resolve(tag + "-" + name);
                if (Files.isRegularFile(f)) return f;
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, name, ".tmp");
                try (InputStream in = c.getInputStream()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return f;
            } catch (IOException e) {
                last = e;
                c = url.openConnection(); // the stream may be spent; the next folder reads it again
                c.setUseCaches(false);
            }
        }
        throw last != null ? last : new IOException("no folder to keep " + url);
    }

    private static Path[] folders() {
        String set = System.getProperty("cvpipe.nativeCache");
        if (set != null) return new Path[] {Path.of(set)};
        return new Path[] {
                Path.of(System.getProperty("user.home"), ".cache", "cvpipe", "native"),
                Path.of(System.getProperty("java.io.tmpdir"), "cvpipe-native-" + System.getProperty("user.name"))};
    }
}
