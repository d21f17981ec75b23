package dev.cvpipe.image;

import java.io.IOException;

/**
 * An input that cannot be used as an image. The message is the reason alone ("truncated JPEG
 * data", "not an image"); callers prefix the path when they report it.
 */
public class BadImageException extends IOException {
    public BadImageException(String reason) {
        super(oneLine(reason));
    }

    public BadImageException(String reason, Throwable cause) {
        super(oneLine(reason), cause);
    }

    /** Decoder messages can span lines; a bad-input report is always one. */
    private static String oneLine(String s) {
        return s == null ? "unknown error" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
