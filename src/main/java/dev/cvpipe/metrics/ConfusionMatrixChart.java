package dev.cvpipe.metrics;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion-matrix heat map: truth down the side (first class at the top), prediction along
 * the bottom, each cell shaded by its share of the row (so rare classes read as clearly as common
 * ones) and labelled with its count. Save it with {@link dev.cvpipe.report.ChartFiles#save}.
 */
public final class ConfusionMatrixChart {
    /** Above this many classes the cells are too small to label. */
    static final int MAX_LABELLED_CLASSES = 30;

    private ConfusionMatrixChart() {}

    public static JFreeChart create(ClassificationReport report, String title) {
        List<String> labels = report.labels();
        ConfusionMatrix m = report.matrix();
        int k = labels.size();
        double[][] data = new double[3][k * k];
        for (int t = 0; t < k; t++) {
            long row = m.rowSum(t);
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                data[0][i] = p;
                data[1][i] = t;
                data[2][i] = row == 0 ? 0 : (double) m.count(t, p) / row;
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("share of row", data);

        String[] names = labels.toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("prediction", names);
        SymbolAxis y = new SymbolAxis("truth", names);
        y.setInverted(true);
        for (SymbolAxis a : new SymbolAxis[] {x, y}) {
            a.setGridBandsVisible(false);
            a.setRange(-0.5, k - 0.5);
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setPaintScale(new BluesScale());
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        if (k <= MAX_LABELLED_CLASSES) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, k <= 12 ? 12 : 9);
            for (int t = 0; t < k; t++) {
                for (int p = 0; p < k; p++) {
                    XYTextAnnotation a = new XYTextAnnotation(Long.toString(m.count(t, p)), p, t);
                    a.setFont(font);
                    a.setPaint(data[2][t * k + p] > 0.5 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(a);
                }
            }
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Chart size in pixels that leaves each cell room for a count. */
    public static int size(int classes) {
        return Math.max(480, Math.min(2400, 160 + 48 * classes));
    }

    /** White (0) to dark blue (1), like matplotlib's "Blues". */
    private static final class BluesScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double v = Math.max(0, Math.min(1, value));
            return new Color(lerp(247, 8, v), lerp(251, 48, v), lerp(255, 107, v));
        }

        private static int lerp(int a, int b, double t) {
            return (int) Math.round(a + (b - a) * t);
        }
    }
}
