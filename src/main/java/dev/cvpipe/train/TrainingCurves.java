package dev.cvpipe.train;

import dev.cvpipe.report.ChartFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code curves.svg}: seed 003's two plots (train loss with the validation metric; learning rate)
 * as three stacked panels over the epochs: loss (train, val), accuracy (train, val, val macro-F1), lr.
 */
public final class TrainingCurves {
    private TrainingCurves() {}

    public static void save(List<EpochMetrics> rows, Path file) throws IOException {
        save(rows, file, "val macro-F1", true);
    }

    /** @param scoreName the legend of {@link EpochMetrics#valScore()} ("val mIoU" for segmentation) */
    public static void save(List<EpochMetrics> rows, Path file, String scoreName, boolean trainAccuracy) throws IOException {
        XYSeries trainLoss = new XYSeries("train loss"), valLoss = new XYSeries("val loss");
        XYSeries trainAcc = new XYSeries("train accuracy"), valAcc = new XYSeries("val accuracy"), valF1 = new XYSeries(scoreName);
        XYSeries lr = new XYSeries("learning rate");
        for (EpochMetrics m : rows) {
            trainLoss.add(m.epoch(), m.trainLoss());
            if (trainAccuracy) trainAcc.add(m.epoch(), m.trainAcc());
            lr.add(m.epoch(), m.lr());
            if (!Double.isNaN(m.valLoss())) {
                valLoss.add(m.epoch(), m.valLoss());
                valAcc.add(m.epoch(), m.valAcc());
                valF1.add(m.epoch(), m.valScore());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.add(panel("loss", new NumberAxis("loss"), trainLoss, valLoss), 2);
        NumberAxis accAxis = new NumberAxis("accuracy");
        accAxis.setRange(0, 1.0);
        plot.add(trainAccuracy ? panel("accuracy", accAxis, trainAcc, valAcc, valF1) : panel("accuracy", accAxis, valAcc, valF1), 2);
        boolean positive = rows.stream().allMatch(m -> m.lr() > 0);
        plot.add(panel("lr", positive ? new LogAxis("learning rate") : new NumberAxis("learning rate"), lr), 1);
        JFreeChart chart = new JFreeChart("Training curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartFiles.save(chart, file, 900, 900);
    }

    private static XYPlot panel(String name, org.jfree.chart.axis.ValueAxis axis, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (XYSeries s : series) data.addSeries(s);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        XYPlot p = new XYPlot(data, null, axis, r);
        p.setDomainGridlinesVisible(true);
        return p;
    }
}
