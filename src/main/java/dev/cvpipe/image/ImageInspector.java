package dev.cvpipe.image;

import dev.cvpipe.io.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Header-only look at image files: format by magic bytes, mode, size, ICC profile, EXIF orientation.
 * Reads the first {@value #PREFIX} bytes (more only when a JPEG's metadata runs longer), never pixels,
 * unless {@code deep} asks for a full decode to find truncated or corrupt data.
 */
public final class ImageInspector {
    static final int PREFIX = 16 * 1024;

    private ImageInspector() {}

    /** Inspects one file with Pillow's pixel limit; never throws for a bad file (see {@link ImageInfo#status()}). */
    public static ImageInfo inspect(Path path, boolean deep) {
        return inspect(path, deep, DecodeOptions.DEFAULT_MAX_PIXELS);
    }

    public static ImageInfo inspect(Path path, boolean deep, long maxPixels) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        Header h;
        byte[] data = null;
        try {
            long size = Files.size(path);
            byte[] head = readPrefix(path, (int) Math.min(size, PREFIX));
            try {
                h = HeaderParser.parse(head, head.length, size);
                if (deep) data = head.length == size ? head : ImageDecoder.readBytes(path);
            } catch (HeaderParser.NeedMore more) {
                data = ImageDecoder.readBytes(path);
                h = HeaderParser.parse(data, data.length, data.length);
            }
        } catch (BadImageException e) {
            ImageFormat f = sniffQuietly(path);
            return new ImageInfo(path, f == null ? null : f.name(), f != null && !f.matchesName(name), null, 0, 0, 0, null, 0, e.getMessage());
        } catch (NoSuchFileException e) {
            return new ImageInfo(path, null, false, null, 0, 0, 0, null, 0, "no such file");
        } catch (InputFiles.NotRegularFileException e) {
            return new ImageInfo(path, null, false, null, 0, 0, 0, null, 0, InputFiles.NotRegularFileException.REASON);
        } catch (IOException e) {
            return new ImageInfo(path, null, false, null, 0, 0, 0, null, 0, "cannot read file: " + e.getMessage());
        }
        ImageInfo info = new ImageInfo(path, h.format.name(), !h.format.matchesName(name), h.mode, h.width, h.height, h.bits,
                h.icc == null ? null : IccProfiles.description(h.icc), h.orientation, ImageInfo.OK);
        try {
            ImageDecoder.checkBomb(h, maxPixels);
            if (deep) {
                // a JPEG's forged size over too little data decodes "fine" (libjpeg-turbo pads it); to-rgb
                // refuses it. PNG decoding finds short data itself, with its own message.
                if (h.format == ImageFormat.JPEG) DataLength.check(data, h);
                ImageDecoder.decodeRgb(data, DecodeOptions.PILLOW.withMaxPixels(maxPixels));
            }
        } catch (BadImageException e) {
            return info.withStatus(e.getMessage());
        }
        return info;
    }

    /** The same look at a file already read whole (to-rgb reads each file once). */
    static ImageInfo fromBytes(Path path, byte[] data, long maxPixels) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        try {
            Header h = HeaderParser.parse(data, data.length, data.length);
            ImageInfo info = new ImageInfo(path, h.format.name(), !h.format.matchesName(name), h.mode, h.width, h.height, h.bits,
                    h.icc == null ? null : IccProfiles.description(h.icc), h.orientation, ImageInfo.OK);
            try {
                ImageDecoder.checkBomb(h, maxPixels);
            } catch (BadImageException e) {
                return info.withStatus(e.getMessage());
            }
            return info;
        } catch (BadImageException e) {
            ImageFormat f = ImageFormat.sniff(data, data.length);
            return new ImageInfo(path, f == null ? null : f.name(), f != null && !f.matchesName(name), null, 0, 0, 0, null, 0, e.getMessage());
        }
    }

    private static byte[] readPrefix(Path path, int n) throws IOException {
        try (InputStream in = InputFiles.open(path)) {
            return in.readNBytes(n);
        }
    }

    private static ImageFormat sniffQuietly(Path path) {
        try (InputStream in = InputFiles.open(path)) {
            byte[] b = in.readNBytes(16);
            return ImageFormat.sniff(b, b.length);
        } catch (IOException e) {
            return null;
        }
    }
}
