package dev.cvpipe.report;

/** How a reporting command renders its result on stdout. */
public enum OutputFormat {
    TABLE, CSV, JSON
}
