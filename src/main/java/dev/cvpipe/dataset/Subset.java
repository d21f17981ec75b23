package dev.cvpipe.dataset;

/** The three parts of a split, each written as its own list file. */
public enum Subset {
    TRAIN, VAL, TEST;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String listFileName() {
        return label() + "_list.txt";
    }
}
