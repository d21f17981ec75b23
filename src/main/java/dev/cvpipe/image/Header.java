package dev.cvpipe.image;

/**
 * Everything the header parser learned about one file: the public {@link ImageInfo} fields plus the
 * format details the decoder needs to follow Pillow (JPEG colour transform, PNG palette, GIF frame
 * placement). Filled in by {@link HeaderParser}; package-private on purpose.
 */
final class Header {
    ImageFormat format;
    String mode;
    int width;
    int height;
    int bits;
    byte[] icc;
    int orientation;

    // JPEG
    int components;
    int adobeTransform = -1;
    boolean jfif;
    int[] componentIds;
    int[] jpegSampling;    // per component, H << 4 | V from the frame header
    boolean jpegProgressive;
    int jpegFrameEnd;      // the offset just after the frame header

    // PNG
    int pngColorType = -1;
    int pngBitDepth;
    boolean pngInterlaced;
    byte[] palette;        // RGB triples (PNG PLTE, GIF colour table)
    byte[] transparency;   // PNG tRNS payload

    // GIF: where the first frame sits on the logical screen
    int frameX;
    int frameY;
    int frameWidth;
    int frameHeight;
    int gifTransparentIndex = -1;
    int gifDataOffset;     // the LZW minimum code size byte of the first frame
    boolean gifInterlaced;

    /** Samples per pixel of a PNG of this colour type: RGB 3, gray + alpha 2, RGBA 4, gray or palette 1. */
    int pngChannels() {
        return switch (pngColorType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
    }
}
