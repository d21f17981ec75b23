package dev.cvpipe.image;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * One ImageIO reader per format and thread, chosen on purpose rather than by registry order:
 * TwelveMonkeys for JPEG (raw CMYK/YCCK samples, tolerant of broken markers), BMP, TIFF and WebP;
 * the JDK's own PNG and GIF readers, which hand back raw palette indices and 16-bit samples.
 */
final class Readers {
    private static final Map<ImageFormat, String[]> PREFERRED = Map.of(
            ImageFormat.JPEG, new String[] {"com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi", "jpeg"},
            ImageFormat.PNG, new String[] {"com.sun.imageio.plugins.png.PNGImageReaderSpi", "png"},
            ImageFormat.GIF, new String[] {"com.sun.imageio.plugins.gif.GIFImageReaderSpi", "gif"},
            ImageFormat.BMP, new String[] {"com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi", "bmp"},
            ImageFormat.TIFF, new String[] {"com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi", "tiff"},
            ImageFormat.WEBP, new String[] {"com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi", "webp"});

    private static final Map<ImageFormat, ImageReaderSpi> SPIS = new EnumMap<>(ImageFormat.class);

    /** A reader plus the warnings it raised during the current read. */
    static final class Slot implements IIOReadWarningListener {
        final ImageReader reader;
        final List<String> warnings = new ArrayList<>();

        Slot(ImageReader reader) {
            this.reader = reader;
            reader.addIIOReadWarningListener(this);
        }

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            warnings.add(warning);
        }
    }

    private static final String JDK_JPEG = "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi";
    private static ImageReaderSpi jdkJpegSpi;
    private static boolean jdkJpegLooked;
    private static final ThreadLocal<Slot> JDK_JPEG_SLOT = new ThreadLocal<>();

    private static final ThreadLocal<Map<ImageFormat, Slot>> SLOTS = ThreadLocal.withInitial(() -> new EnumMap<>(ImageFormat.class));

    static {
        ImageIO.setUseCache(false);
    }

    private Readers() {}

    static Slot get(ImageFormat f) throws BadImageException {
        Slot s = SLOTS.get().get(f);
        if (s == null) {
            try {
                s = new Slot(spi(f).createReaderInstance());
            } catch (java.io.IOException e) {
                throw new BadImageException("no decoder for " + f);
            }
            SLOTS.get().put(f, s);
        }
        s.warnings.clear();
        return s;
    }

    /**
     * The JDK's own JPEG reader, whose {@code read} lets libjpeg convert YCbCr to RGB (TwelveMonkeys
     * is used for the raw samples CMYK/YCCK need); null on a JDK without it.
     */
    static Slot jdkJpeg() {
        Slot s = JDK_JPEG_SLOT.get();
        if (s == null) {
            ImageReaderSpi spi = jdkJpegSpi();
            if (spi == null) return null;
            try {
                s = new Slot(spi.createReaderInstance());
            } catch (java.io.IOException e) {
                return null;
            }
            JDK_JPEG_SLOT.set(s);
        }
        s.warnings.clear();
        return s;
    }

    private static synchronized ImageReaderSpi jdkJpegSpi() {
        if (!jdkJpegLooked) {
            jdkJpegLooked = true;
            Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
            while (it.hasNext()) {
                ImageReaderSpi spi = it.next();
                if (spi.getClass().getName().equals(JDK_JPEG)) jdkJpegSpi = spi;
            }
        }
        return jdkJpegSpi;
    }

    private static synchronized ImageReaderSpi spi(ImageFormat f) throws BadImageException {
        ImageReaderSpi found = SPIS.get(f);
        if (found != null) return found;
        String[] pref = PREFERRED.get(f);
        Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        ImageReaderSpi fallback = null;
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            if (spi.getClass().getName().equals(pref[0])) found = spi;
            for (String n : spi.getFormatNames()) if (fallback == null && n.equalsIgnoreCase(pref[1])) fallback = spi;
        }
        if (found == null) found = fallback;
        if (found == null) throw new BadImageException("unsupported format: no decoder for " + f + " is installed");
        SPIS.put(f, found);
        return found;
    }
}
