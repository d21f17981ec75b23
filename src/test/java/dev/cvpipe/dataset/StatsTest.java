package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvpipe.report.BadInputs;
import dev.cvpipe.report.ChartFiles;
import dev.cvpipe.report.Log;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class StatsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void quiet() {
        Log.setStream(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Log.setStream(System.err);
    }

    /** A list with {@code counts[c]} images of class c, each an empty file (a listed file must exist to count). */
    private Path list(int... counts) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                String name = "img_" + c + "_" + i + ".jpg";
                Files.createFile(dir.resolve(name));
                sb.append(name).append('\t').append(c).append('\n');
            }
        }
        Path l = dir.resolve("list.txt");
        Files.writeString(l, sb.toString());
        return l;
    }

    @Test
    void countsSharesAndImbalanceOfAList() throws IOException {
        ClassCounts c = ClassCounts.of(DatasetView.open(list(3, 5, 2, 4), null, new BadInputs(false)));
        assertEquals(14, c.total());
        assertEquals(5 / 14.0, c.share(1), 1e-12);
        assertEquals(2.5, c.imbalanceRatio(), 1e-12); // 5 / 2
        assertEquals(1, c.largest());
        assertEquals(2, c.smallest());
        String text = c.table().toText();
        assertTrue(text.contains(" 2  2          2  0.1429"), text);
        assertTrue(text.contains("total     14  1.0000"), text);
    }

    @Test
    void anEmptyClassMakesTheRatioInfinite() throws IOException {
        ClassCounts c = ClassCounts.of(DatasetView.open(list(3, 0, 2), null, new BadInputs(false)));
        assertEquals(Double.POSITIVE_INFINITY, c.imbalanceRatio());
        assertTrue(c.summary().containsKey("imbalance_ratio"));
        assertEquals(null, c.summary().get("imbalance_ratio"));
    }

    @Test
    void aSplitIsCountedPerSubsetFromItsLists() throws IOException {
        Path images = dir.resolve("imgs");
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 10 * (c + 1); i++) {
                Path f = images.resolve("i" + c + "_" + i + ".jpg");
                Files.createDirectories(images);
                Files.writeString(f, "x");
                sb.append(f.getFileName()).append(' ').append(c).append('\n');
            }
        }
        Path l = dir.resolve("l.txt");
        Files.writeString(l, sb.toString());
        Path out = dir.resolve("out");
        DatasetSplitter.run(SplitRequest.ofList(l, images, out).withShares(SplitShare.parse("0.1"), SplitShare.parse("0.2")),
                new BadInputs(false));
        DatasetView view = DatasetView.open(out, null, new BadInputs(false));
        ClassCounts c = ClassCounts.of(view);
        assertTrue(c.bySubset());
        assertEquals(1 + 2 + 3, view.items(Subset.VAL).size());
        for (DatasetView.Item i : view.items()) {
            assertEquals(out.resolve(view.classes().name(i.classId())), i.file().getParent());
            assertTrue(Files.exists(i.file()), i.file().toString());
        }
        // class 2 has 30 images: val 3, test 6, train 21
        assertEquals(21, c.perSubset()[2][Subset.TRAIN.ordinal()]);
        assertEquals(3, c.perSubset()[2][Subset.VAL.ordinal()]);
        assertEquals(6, c.perSubset()[2][Subset.TEST.ordinal()]);
        assertEquals(60, c.total());
        assertEquals(3.0, c.imbalanceRatio(), 1e-12);
        // the class folders alone (lists and split.json removed) give the same totals
        for (String f : List.of("split.json", "train_list.txt", "val_list.txt", "test_list.txt")) Files.delete(out.resolve(f));
        DatasetView plain = DatasetView.open(out, null, new BadInputs(false));
        assertEquals("folders", plain.kind());
        ClassCounts folders = ClassCounts.of(plain);
        assertEquals(false, folders.bySubset());
        assertEquals(List.of(10, 20, 30), java.util.Arrays.stream(folders.perClass()).boxed().toList());
    }

    @Test
    void svgChartParsesAndHasOneBarPerClass() throws Exception {
        ClassCounts c = ClassCounts.of(DatasetView.open(list(3, 5, 2, 4, 7), null, new BadInputs(false)));
        Path svg = dir.resolve("chart.svg");
        ChartFiles.save(ClassCountChart.create(c, "test"), svg, 800, 500);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        NodeList rects = doc.getElementsByTagName("rect");
        List<Double> heights = new ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            if (r.getAttribute("style").contains("fill:rgb(76,114,176)")) heights.add(Double.parseDouble(r.getAttribute("height")));
        }
        assertEquals(5, heights.size());
        // bar heights are proportional to the counts: 5/2 and 7/3
        assertEquals(2.5, heights.get(1) / heights.get(2), 1e-6);
        assertEquals(7 / 3.0, heights.get(4) / heights.get(0), 1e-6);
        String text = Files.readString(svg);
        for (String label : List.of("Images per class: test", ">class<", ">images<", ">7<", ">0<", ">4<")) {
            assertTrue(text.contains(label), label);
        }
    }

    @Test
    void pngChartDecodesWithOneBarPerClass() throws Exception {
        ClassCounts c = ClassCounts.of(DatasetView.open(list(3, 5, 2, 4, 7, 1), null, new BadInputs(false)));
        Path png = dir.resolve("chart.png");
        ChartFiles.save(ClassCountChart.create(c, "test"), png, 800, 500);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        int bar = ClassCountChart.BAR.getRGB() & 0xFFFFFF;
        int lowest = -1;
        for (int y = img.getHeight() - 1; y >= 0 && lowest < 0; y--) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == bar) lowest = y;
        }
        int runs = 0;
        boolean in = false;
        for (int x = 0; x < img.getWidth(); x++) {
            boolean isBar = (img.getRGB(x, lowest - 1) & 0xFFFFFF) == bar;
            if (isBar && !in) runs++;
            in = isBar;
        }
        assertEquals(6, runs);
    }

    @Test
    void htmlChartEmbedsTheSvg() throws Exception {
        ClassCounts c = ClassCounts.of(DatasetView.open(list(1, 2), null, new BadInputs(false)));
        Path html = dir.resolve("chart.html");
        ChartFiles.save(ClassCountChart.create(c, "test"), html, 640, 400);
        String s = Files.readString(html);
        assertTrue(s.startsWith("<!DOCTYPE html>") && s.contains("<svg"), s.substring(0, 100));
    }
}
