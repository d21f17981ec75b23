package dev.cvpipe.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVPrinter;

/**
 * Rows of named columns rendered three ways: an aligned text table for people, CSV and JSON for
 * scripts. Numbers are right-aligned; doubles print with {@link #decimals} places in text and
 * full precision in CSV/JSON.
 */
public final class Table {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();
    private int decimals = 4;

    public Table(String... columns) {
        this.columns = List.of(columns);
    }

    public Table decimals(int d) {
        this.decimals = d;
        return this;
    }

    public Table add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + columns.size() + " columns");
        }
        rows.add(java.util.Arrays.asList(cells));
        return this;
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return rows.size();
    }

    /** Commands pass picocli's writer ({@code FormatOptions.out()}): the one way data reaches stdout. */
    public void print(java.io.PrintWriter out, OutputFormat format) {
        out.print(render(format));
        out.flush();
    }

    public String render(OutputFormat format) {
        return switch (format) {
            case TABLE -> toText();
            case CSV -> toCsv();
            case JSON -> Json.write(toMaps()) + "\n";
        };
    }

    public List<Map<String, Object>> toMaps() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                Object v = r.get(i);
                m.put(columns.get(i), v instanceof Double d ? Json.number(d) : v);
            }
            out.add(m);
        }
        return out;
    }

    public String toCsv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = Csv.printer(w, columns.toArray(String[]::new))) {
            for (List<Object> r : rows) {
                List<Object> cells = new ArrayList<>(r.size());
                for (Object v : r) cells.add(v == null ? "" : v instanceof Double d && d.isNaN() ? "NaN" : v);
                p.printRecord(cells);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    public String toText() {
        int n = columns.size();
        String[][] cells = new String[rows.size()][n];
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int c = 0; c < n; c++) {
            width[c] = columns.get(c).length();
            numeric[c] = !rows.isEmpty();
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < n; c++) {
                Object v = rows.get(r).get(c);
                cells[r][c] = text(v);
                width[c] = Math.max(width[c], cells[r][c].length());
                if (v != null && !(v instanceof Number)) numeric[c] = false;
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, columns.toArray(String[]::new), width, numeric);
        for (String[] row : cells) appendRow(sb, row, width, numeric);
        return sb.toString();
    }

    private String text(Object v) {
        if (v == null) return "-";
        if (v instanceof Double d) return d.isNaN() ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", d);
        if (v instanceof Float f) return f.isNaN() ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", f);
        return BadInputs.escape(v.toString()); // a newline in a file name would split the row
    }

    private static void appendRow(StringBuilder sb, String[] row, int[] width, boolean[] numeric) {
        for (int c = 0; c < row.length; c++) {
            if (c > 0) sb.append("  ");
            String s = row[c];
            int pad = width[c] - s.length();
            if (numeric[c]) sb.append(" ".repeat(pad)).append(s);
            else if (c == row.length - 1) sb.append(s);
            else sb.append(s).append(" ".repeat(pad));
        }
        sb.append('\n');
    }
}
