package dev.cvpipe.dataset;

/**
 * One labelled line of a list file: the path as written and its class id.
 * @param where {@code LIST:LINE}, the prefix of every report about this line
 */
public record ListLine(String where, int lineNumber, String path, int label) {}
