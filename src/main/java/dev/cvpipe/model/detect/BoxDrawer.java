package dev.cvpipe.model.detect;

import dev.cvpipe.image.RgbImage;
import dev.cvpipe.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes a PNG copy of an image with each detection drawn as a coloured box labelled "name score". */
public final class BoxDrawer {
    private BoxDrawer() {}

    public static void write(RgbImage img, List<Detection> detections, List<String> names, Path target) throws IOException {
        BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) out.setRGB(x, y, (img.r(x, y) << 16) | (img.g(x, y) << 8) | img.b(x, y));
        }
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int stroke = Math.max(1, Math.min(img.width(), img.height()) / 200);
            g.setStroke(new BasicStroke(stroke));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(img.width(), img.height()) / 40)));
            for (Detection d : detections) {
                // a fixed hue per class, so the same class has the same colour in every image
                Color c = Color.getHSBColor((d.classId() * 0.618034f) % 1f, 0.9f, 1f);
                Box b = d.box();
                // boxes reach the image's far edge (x2 = width); keep the outline on the last pixel
                int x = Math.round(b.x1()), y = Math.round(b.y1());
                int x2 = Math.min(Math.round(b.x2()), img.width() - 1), y2 = Math.min(Math.round(b.y2()), img.height() - 1);
                g.setColor(c);
                g.drawRect(x, y, x2 - x, y2 - y);
                String label = String.format(Locale.ROOT, "%s %.2f", DetectionTable.name(names, d.classId()), d.score());
                int tw = g.getFontMetrics().stringWidth(label) + 4, th = g.getFontMetrics().getHeight();
                int ty = y - th >= 0 ? y - th : y;
                g.fillRect(x, ty, tw, th);
                g.setColor(Color.BLACK);
                g.drawString(label, x + 2, ty + g.getFontMetrics().getAscent());
            }
        } finally {
            g.dispose();
        }
        AtomicFile.write(target, os -> {
            if (!ImageIO.write(out, "png", os)) throw new IOException("no PNG writer");
        });
    }
}
