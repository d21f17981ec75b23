package dev.cvpipe.image;

import java.util.List;
import java.util.Locale;

/** The file formats cvpipe recognises by their first bytes, never by their name. */
public enum ImageFormat {
    JPEG("jpg", "jpg", "jpeg", "jpe", "jfif"),
    PNG("png", "png", "apng"),
    GIF("gif", "gif"),
    BMP("bmp", "bmp", "dib"),
    TIFF("tif", "tif", "tiff"),
    WEBP("webp", "webp");

    private final String extension;
    private final List<String> extensions;

    ImageFormat(String extension, String... extensions) {
        this.extension = extension;
        this.extensions = List.of(extensions);
    }

    /** The extension cvpipe gives a file of this format it names itself. */
    public String extension() {
        return extension;
    }

    /** True when {@code fileName}'s extension is one this format is known under. */
    public boolean matchesName(String fileName) {
        return extensions.contains(extensionOf(fileName));
    }

    public static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** True when the name carries an extension of any image format we know (used to pick files from folders). */
    public static boolean isImageName(String fileName) {
        String ext = extensionOf(fileName);
        for (ImageFormat f : values()) if (f.extensions.contains(ext)) return true;
        return false;
    }

    /** The format the magic bytes say, or null when they match none. */
    public static ImageFormat sniff(byte[] b, int len) {
        if (len >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) return JPEG;
        if (len >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
                && b[4] == 0x0D && b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) return PNG;
        if (len >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8' && (b[4] == '7' || b[4] == '9') && b[5] == 'a') return GIF;
        if (len >= 2 && b[0] == 'B' && b[1] == 'M') return BMP;
        if (len >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) return TIFF;
        if (len >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') return WEBP;
        return null;
    }
}
