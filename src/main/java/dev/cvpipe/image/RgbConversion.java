package dev.cvpipe.image;

import dev.cvpipe.io.AtomicFile;
import dev.cvpipe.io.DeferredSync;
import dev.cvpipe.io.OutputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One file of {@code to-rgb}: decide what to do from the header, then copy, rename or convert it
 * so that nothing is ever lost. Outputs go through {@link AtomicFile}; in place, the original is
 * replaced only after the new file is complete and decodes to the expected pixels.
 */
public final class RgbConversion {
    /** Output format: keep the real one, or force JPEG / PNG. */
    public enum Target { KEEP, JPEG, PNG }

    /**
     * @param outDir       mirror outputs under this folder; null means in place
     * @param target       output format
     * @param quality      JPEG quality 1..100
     * @param fixExtension rename files whose extension lies about their content (with {@link Target#KEEP})
     * @param force        re-encode files that are already 8-bit RGB in the right format (in place, never over another file)
     * @param dryRun       decide and report, write nothing
     * @param decode       decoding options (Pillow's by default)
     * @param flush        with {@code outDir}: makes the outputs durable together (null: an fsync each); never used in place
     */
    public record Options(Path outDir, Target target, int quality, boolean fixExtension, boolean force, boolean dryRun,
                          DecodeOptions decode, DeferredSync flush) {
        public Options(Path outDir, Target target, int quality, boolean fixExtension, boolean force, boolean dryRun, DecodeOptions decode) {
            this(outDir, target, quality, fixExtension, force, dryRun, decode, null);
        }

        public boolean inPlace() {
            return outDir == null;
        }

        public Options withFlush(DeferredSync f) {
            return new Options(outDir, target, quality, fixExtension, force, dryRun, decode, f);
        }

        /** The deferral for a write: none in place, where a rename may replace an input. */
        DeferredSync deferral() {
            return inPlace() ? null : flush;
        }
    }

    /** What happened to one file. Actions: copied, unchanged, renamed, converted, bad (dry run: would-...). */
    public record Result(Path source, Path target, String modeBefore, String action, String reason) {
        public boolean bad() {
            return action.equals("bad");
        }
    }

    private RgbConversion() {}

    /** The output path for {@code in} under {@code o}, given the real format and the format we will write. */
    public static Path targetPath(ImageFiles.Input in, Options o, ImageFormat real, ImageFormat written) {
        Path rel = in.relative();
        String name = rel.getFileName().toString();
        boolean rename = switch (o.target()) {
            case JPEG, PNG -> !written.matchesName(name);
            case KEEP -> written != real || (o.fixExtension() && !written.matchesName(name));
        };
        String outName = rename ? ImageFiles.withExtension(name, written.extension()) : name;
        Path relOut = rel.getParent() == null ? Path.of(outName) : rel.getParent().resolve(outName);
        return o.inPlace() ? in.file().resolveSibling(outName) : o.outDir().resolve(relOut.toString());
    }

    /** The format written for a file whose content is {@code real}. GIF and WebP become PNG: they cannot hold 24-bit RGB here. */
    public static ImageFormat written(ImageFormat real, Target t) {
        return switch (t) {
            case JPEG -> ImageFormat.JPEG;
            case PNG -> ImageFormat.PNG;
            case KEEP -> real == ImageFormat.GIF || real == ImageFormat.WEBP ? ImageFormat.PNG : real;
        };
    }

    /** The output path judged from the magic bytes alone (for spotting two inputs that would write one output). */
    public static Path likelyTarget(ImageFiles.Input in, Options o) {
        ImageFormat real = null;
        try (java.io.InputStream is = dev.cvpipe.io.InputFiles.open(in.file())) {
            byte[] b = is.readNBytes(16);
            real = ImageFormat.sniff(b, b.length);
        } catch (IOException e) {
            // unreadable: it will be reported as bad by convert()
        }
        if (real == null) return o.inPlace() ? in.file() : o.outDir().resolve(in.relative().toString());
        return targetPath(in, o, real, written(real, o.target()));
    }

    public static Result convert(ImageFiles.Input in, Options o) {
        Path src = in.file();
        byte[] data;
        try {
            data = ImageDecoder.readBytes(src);
        } catch (BadImageException e) {
            return new Result(src, null, null, "bad", e.getMessage());
        }
        ImageInfo info = ImageInspector.fromBytes(src, data, o.decode().maxPixels());
        if (!info.ok()) return new Result(src, null, info.mode(), "bad", info.status());
        ImageFormat real = ImageFormat.valueOf(info.format());
        ImageFormat out = written(real, o.target());
        Path dst = targetPath(in, o, real, out);
        boolean sameFile = o.inPlace() && dst.equals(src);
        boolean alreadyRgb = info.isRgb8() && real == out && !o.force() && !o.decode().touchesRgb8(info);
        String pre = o.dryRun() ? "would-" : "";
        try {
            if (alreadyRgb) {
                checkComplete(data, real);
                if (sameFile) return new Result(src, dst, info.mode(), pre + "unchanged", "already 8-bit RGB " + real);
                if (o.inPlace()) {
                    if (Files.exists(dst)) return conflict(src, dst, info);
                    if (!o.dryRun()) move(src, dst);
                    return new Result(src, dst, info.mode(), pre + "renamed", "extension did not match " + real + " content");
                }
                if (!o.dryRun()) AtomicFile.write(dst, os -> os.write(data), tmp -> { }, o.deferral());
                return new Result(src, dst, info.mode(), pre + "copied", "already 8-bit RGB " + real);
            }
            String why = reason(info, real, out, o);
            if (o.dryRun()) return new Result(src, dst, info.mode(), "would-convert", why);
            // JPEG to JPEG, most of a photo set, and 8-bit PNG to JPEG stay in native memory; the rest comes through Java
            byte[] encoded = out != ImageFormat.JPEG ? null : real == ImageFormat.PNG ? ImageDecoder.transcodePng(data, o.decode(), o.quality())
                    : ImageDecoder.transcodeJpeg(data, o.decode(), o.quality());
            RgbImage rgb = null; // the pixels, when they came through Java
            if (encoded == null) {
                rgb = ImageDecoder.decodeRgb(data, o.decode());
                encoded = encode(rgb, out, o.quality(), keptProfile(data, o), out == ImageFormat.JPEG ? jpegComment(data) : null);
            }
            ImageDecoder.warnDamagedJpeg(src);
            Written expected = rgb != null ? new Written(rgb.width(), rgb.height(), rgb.pixels()) : new Written(info.width(), info.height(), null);
            byte[] bytes = encoded;
            if (o.inPlace() && !sameFile && Files.exists(dst)) {
                // dst is another input: never overwritten, whatever --force says. Unless it holds exactly
                // what converting src gives: a killed earlier run wrote it but did not yet remove src.
                if (!Arrays.equals(dev.cvpipe.io.InputFiles.readAllBytes(dst), encoded)) return conflict(src, dst, info);
            }
            AtomicFile.write(dst, os -> os.write(bytes), o.inPlace() ? tmp -> verify(tmp, expected, out) : tmp -> { }, o.deferral());
            if (o.inPlace() && !sameFile) {
                try {
                    Files.deleteIfExists(src);
                } catch (IOException e) {
                    throw OutputException.of(src, e);
                }
            }
            return new Result(src, dst, info.mode(), "converted", why);
        } catch (BadImageException e) {
            return new Result(src, dst, info.mode(), "bad", e.getMessage());
        } catch (OutputException e) {
            // the disk, not the input: stop the run (exit 1) rather than call every later file bad
            throw new UncheckedIOException(e);
        } catch (IOException e) {
            return new Result(src, dst, info.mode(), "bad", "cannot write " + dst + ": " + e.getMessage());
        }
    }

    private static Result conflict(Path src, Path dst, ImageInfo info) {
        return new Result(src, dst, info.mode(), "bad", "target " + dst.getFileName()
                + " already exists and is another file; rename one of them (in place, no file is ever overwritten but by its own conversion)");
    }

    private static String reason(ImageInfo info, ImageFormat real, ImageFormat out, Options o) {
        StringBuilder sb = new StringBuilder();
        if (!info.isRgb8()) sb.append(info.mode()).append(info.bitsPerSample() == 16 ? " 16-bit" : "").append(" -> RGB");
        if (real != out) sb.append(sb.length() > 0 ? "; " : "").append(real).append(" -> ").append(out);
        if (o.decode().touchesRgb8(info)) sb.append(sb.length() > 0 ? "; " : "").append("colour/orientation extras");
        if (sb.length() == 0) sb.append("re-encoded (--force)");
        return sb.toString();
    }

    /** An RGB profile travels with the pixels it describes (unless --icc already applied it); CMYK/gray ones cannot. */
    private static byte[] keptProfile(byte[] data, Options o) throws BadImageException {
        if (o.decode().icc()) return null;
        byte[] icc = ImageDecoder.header(data, Long.MAX_VALUE).icc;
        return icc != null && IccProfiles.colorSpace(icc).equals("RGB") ? icc : null;
    }

    /** The source's comment as Pillow's JPEG save writes it (PNG text, GIF comment, JPEG COM), or null. */
    private static byte[] jpegComment(byte[] data) throws BadImageException {
        return SourceComment.of(data, ImageDecoder.header(data, Long.MAX_VALUE));
    }

    static byte[] encode(RgbImage rgb, ImageFormat f, int quality, byte[] icc, byte[] jpegComment) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(rgb.pixels().length / 4 + 1024);
        ImageEncoder.write(rgb, f, quality, icc, jpegComment, bo);
        return bo.toByteArray();
    }

    /** What a conversion wrote: its size, and its pixels when they came through Java (else null). */
    private record Written(int width, int height, byte[] pixels) {}

    /** The new file must decode to the same size (and, for lossless formats, the same pixels) before it replaces anything. */
    private static void verify(Path tmp, Written expected, ImageFormat f) throws IOException {
        RgbImage back = ImageDecoder.readRgb(tmp, DecodeOptions.PILLOW.withMaxPixels(Long.MAX_VALUE));
        if (back.width() != expected.width() || back.height() != expected.height()) {
            throw new IOException("written file decodes to " + back.width() + "x" + back.height() + ", not " + expected.width() + "x" + expected.height());
        }
        if (f != ImageFormat.JPEG && !Arrays.equals(back.pixels(), expected.pixels())) throw new IOException("written file decodes to other pixels");
    }

    /**
     * A copy must not pass a truncated file along: PNG chunks must reach IEND, a JPEG must end with
     * EOI, and the data must be able to fill the header's size ({@link DataLength}).
     */
    private static void checkComplete(byte[] d, ImageFormat f) throws BadImageException {
        if (f == ImageFormat.PNG) PngChunks.validate(d);
        if (f == ImageFormat.JPEG && JpegCheck.missingEnd(d)) throw new BadImageException(JpegCheck.MISSING_END);
        DataLength.check(d, ImageDecoder.header(d, Long.MAX_VALUE));
    }

    private static void move(Path src, Path dst) throws IOException {
        try {
            Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(src, dst);
        } catch (IOException e) {
            throw OutputException.of(dst, e);
        }
    }
}
