package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native libraries out of jars into the cache folder, once per version. */
class NativeFilesTest {
    @TempDir
    Path tmp;

    private URL jarWith(String name, byte[] content) throws Exception {
        Path jar = tmp.resolve(name + "-" + content.length + ".jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
            j.putNextEntry(new JarEntry("lib/" + name));
            j.write(content);
            j.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/lib/" + name);
    }

    @Test
    void aLibraryInAJarIsCopiedOncePerVersionAndAFileIsUsedAsItIs() throws Exception {
        String before = System.getProperty("cvpipe.nativeCache");
        System.setProperty("cvpipe.nativeCache", tmp.resolve("cache").toString());
        try {
            URL v1 = jarWith("libx.so", new byte[] {1, 2, 3});
            Path a = NativeFiles.local(v1);
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(a));
            assertTrue(a.getFileName().toString().endsWith("-3-libx.so"), a.toString());
            long made = Files.getLastModifiedTime(a).toMillis();
            assertEquals(a, NativeFiles.local(v1), "the same version is found, not copied again");
            assertEquals(made, Files.getLastModifiedTime(a).toMillis());
            Path b = NativeFiles.local(jarWith("libx.so", new byte[] {1, 2, 4}));
            assertNotEquals(a, b, "another version gets its own file");
            assertArrayEquals(new byte[] {1, 2, 4}, Files.readAllBytes(b));
            try (var s = Files.list(tmp.resolve("cache"))) {
                assertEquals(2, s.count(), "no temp file left behind");
            }
            Path plain = Files.write(tmp.resolve("liby.so"), new byte[] {9});
            assertEquals(plain, NativeFiles.local(plain.toUri().toURL()));
        } finally {
            if (before == null) System.clearProperty("cvpipe.nativeCache");
            else System.setProperty("cvpipe.nativeCache", before);
        }
    }
}
