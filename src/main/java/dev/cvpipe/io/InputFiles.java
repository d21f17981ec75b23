package dev.cvpipe.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The one way cvpipe opens a file someone gave it (images, lists, predictions, names, pipelines,
 * weights). Opening a FIFO (or a device) for reading blocks until someone writes to it, so anything
 * that is not a regular file is refused before it is opened. Java's own readers fail with messages
 * that name nothing ({@code Is a directory}, {@code Input length = 1}); every failure here is one
 * line that starts with the file, and with the line for text that is not UTF-8.
 */
public final class InputFiles {
    /** The input is a FIFO, socket, device or folder: reported as {@code PATH: not a regular file} (a folder: {@code is a folder, not a file}). */
    public static final class NotRegularFileException extends IOException {
        /** The reason alone, for {@code PATH: reason} lines. */
        public static final String REASON = "not a regular file";
        static final String FOLDER = "is a folder, not a file";

        public NotRegularFileException(Path p) {
            this(p, REASON);
        }

        NotRegularFileException(Path p, String reason) {
            super(p + ": " + reason);
        }
    }

    /** A file whose bytes are not UTF-8: the 1-based line of the first bad byte is known. */
    public static final class NotUtf8Exception extends IOException {
        private final Path file;
        private final int line;

        NotUtf8Exception(Path file, int line) {
            super(file + ":" + line + ": not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8)");
            this.file = file;
            this.line = line;
        }

        public Path file() {
            return file;
        }

        public int line() {
            return line;
        }
    }

    private InputFiles() {}

    /** The whole file as strict UTF-8, without a leading BOM. */
    public static String readText(Path file) throws IOException {
        return decode(file, readAllBytes(file));
    }

    /** The file's lines (CRLF, CR or LF), strict UTF-8, without a leading BOM. A final newline adds no empty line. */
    public static List<String> readLines(Path file) throws IOException {
        String text = readText(file);
        if (text.isEmpty()) return List.of();
        String[] rows = text.split("\r\n|\r|\n", -1);
        int n = rows.length;
        if (rows[n - 1].isEmpty()) n--;
        return Arrays.asList(rows).subList(0, n);
    }

    /** Throws unless {@code p} is a regular file (after symlinks); a missing file is left to the opener's NoSuchFileException. */
    public static void requireRegular(Path p) throws IOException {
        if (Files.isDirectory(p)) throw new NotRegularFileException(p, NotRegularFileException.FOLDER);
        if (Files.exists(p) && !Files.isRegularFile(p)) throw new NotRegularFileException(p);
    }

    public static InputStream open(Path p) throws IOException {
        requireRegular(p);
        return Files.newInputStream(p);
    }

    /** The file's bytes, refusing folders, FIFOs and devices with a message that names the file. */
    public static byte[] readAllBytes(Path p) throws IOException {
        requireRegular(p);
        return Files.readAllBytes(p);
    }

    /** Decodes bytes read from {@code file} as strict UTF-8, dropping a leading BOM. */
    public static String decode(Path file, byte[] bytes) throws NotUtf8Exception {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (r.isError()) throw new NotUtf8Exception(file, lineAt(bytes, in.position()));
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) line++;
        }
        return line;
    }
}
