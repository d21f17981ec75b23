package dev.cvpipe.model;

/**
 * A shape or parameter count too large for any tensor, or one whose arithmetic overflowed: the
 * input size or the model's numbers are wrong, so commands report it as a usage error (exit 2).
 */
public final class SizeLimitException extends IllegalArgumentException {
    public SizeLimitException(String message) {
        super(message);
    }
}
