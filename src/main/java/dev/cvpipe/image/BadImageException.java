package dev.cvpipe.image;

import java.io.IOException;

/**
 * An input that cannot be used as an image. The message is the reason alone ("truncated JPEG
 * data", "not an image"); callers prefix the path when they report it.
 */
public class BadImageException extends IOException {
    public BadImageException(String reason) {
        super(reason);
    }

    public BadImageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
