package dev.cvpipe.dataset;

import java.nio.file.Path;

/**
 * An image with its class, ready to be placed in a split.
 * @param where where it came from, for reports ({@code LIST:LINE} or the file's path)
 * @param source the file in the images folder (absolute); after a {@code move} it may be gone
 * @param fileName its name inside the class folder
 */
public record LabelledImage(String where, Path source, String fileName, int classId) {}
