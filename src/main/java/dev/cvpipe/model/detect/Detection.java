package dev.cvpipe.model.detect;

/** One detected object: class, score (objectness × class probability) and box in image pixels. */
public record Detection(int classId, float score, Box box) {}
