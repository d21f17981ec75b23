package dev.cvpipe.dataset;

/** How an image gets into its class folder. */
public enum LinkMode {
    COPY, MOVE, HARDLINK, SYMLINK;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
