package dev.cvpipe.io;

import java.io.IOException;
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
 * The one way cvpipe reads a file someone gave it (lists, predictions, names, pipelines, weights).
 * Java's own readers fail with messages that name nothing ({@code Is a directory},
 * {@code Input length = 1}); every failure here is one line that starts with the file, and with
 * the line for text that is not UTF-8, so the user knows what to fix.
 */
public final class InputFiles {
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
        return decode(file, readBytes(file));
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

    /** The file's bytes, refusing a folder with a message that names it. */
    public static byte[] readBytes(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a file");
        return Files.readAllBytes(file);
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
