package dev.cvpipe.report;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Saves any JFreeChart as SVG, PNG or a self-contained HTML page, chosen by the file's
 * extension, atomically. Every chart cvpipe draws (class counts, curves, confusion matrix)
 * goes through here.
 */
public final class ChartFiles {
    static {
        // JFreeChart's default draws rotated labels (the vertical axis title) through TextLayout,
        // which SVG receives as glyph outlines: unreadable to a search or a screen reader. Plain
        // drawString under a rotation gives real <text> in SVG and looks the same in PNG.
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private ChartFiles() {}

    public static void save(JFreeChart chart, Path file, int width, int height) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            dev.cvpipe.io.AtomicFile.writeString(file, svg(chart, width, height));
        } else if (name.endsWith(".html") || name.endsWith(".htm")) {
            String title = chart.getTitle() == null ? "cvpipe chart" : chart.getTitle().getText();
            String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title)
                    + "</title></head>\n<body>\n" + svg(chart, width, height) + "\n</body></html>\n";
            dev.cvpipe.io.AtomicFile.writeString(file, html);
        } else if (name.endsWith(".png")) {
            BufferedImage img = chart.createBufferedImage(width, height);
            // Encoded in memory first: ImageIO writing straight to a failing stream (full disk) says
            // only "I/O error writing PNG file!" and then dies on its own cleanup with a
            // NullPointerException; a chart is a few hundred KB at most.
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", png)) throw new IOException("no PNG writer available");
            dev.cvpipe.io.AtomicFile.writeBytes(file, png.toByteArray());
        } else {
            throw new IllegalArgumentException(file + ": chart file must end in .svg, .png or .html");
        }
    }

    /** Whether {@link #save} knows the file's extension; commands check before the work starts. */
    public static boolean isChartFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".svg") || name.endsWith(".png") || name.endsWith(".html") || name.endsWith(".htm");
    }

    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGDocument();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

}
