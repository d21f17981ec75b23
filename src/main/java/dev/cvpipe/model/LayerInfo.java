package dev.cvpipe.model;

import java.util.List;

/**
 * One summary row: layer index, type, output C×H×W, trainable parameters (BN scale and offset
 * counted, moving statistics not), billions of FLOPs as darknet counts them, and the layers it reads
 * when that is not simply the previous one (-1 means the input image).
 */
public record LayerInfo(int index, String type, Shape3 output, long params, double bflops, List<Integer> from) {}
