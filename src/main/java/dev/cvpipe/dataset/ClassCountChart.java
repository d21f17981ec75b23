package dev.cvpipe.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The class-count bar chart of {@code stats --chart}: one bar per class, its count printed on
 * top, class names under the axis, and the total and imbalance ratio in the subtitle. Saved with
 * {@link dev.cvpipe.report.ChartFiles#save}.
 */
public final class ClassCountChart {
    /** The bar colour; tests find the bars by it. */
    public static final Color BAR = new Color(0x4C, 0x72, 0xB0);

    private ClassCountChart() {}

    public static JFreeChart create(ClassCounts counts, String datasetName) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < counts.perClass().length; c++) data.addValue(counts.perClass()[c], "images", counts.classes().name(c));
        JFreeChart chart = ChartFactory.createBarChart("Images per class: " + datasetName, "class", "images",
                data, PlotOrientation.VERTICAL, false, false, false);
        double ratio = counts.imbalanceRatio();
        String ratioText = Double.isInfinite(ratio) ? "infinite (an empty class)"
                : Double.isNaN(ratio) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", ratio);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle(counts.total() + " images, " + counts.perClass().length
                + " classes, imbalance ratio (max/min) " + ratioText));
        chart.setBackgroundPaint(Color.WHITE);

        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlineVisible(false);
        plot.getRangeAxis().setUpperMargin(0.12); // room for the count above the tallest bar
        plot.getRangeAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        CategoryAxis x = plot.getDomainAxis();
        if (counts.perClass().length > 16) x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);

        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setSeriesPaint(0, BAR);
        r.setMaximumBarWidth(0.08);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", java.text.NumberFormat.getIntegerInstance(java.util.Locale.ROOT)));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
        return chart;
    }

    /** A width that keeps bars and labels readable for any number of classes. */
    public static int width(int classes) {
        return Math.max(640, Math.min(4000, 160 + 48 * classes));
    }
}
