package dev.cvpipe.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one CSV dialect cvpipe writes: RFC 4180 quoting, LF line ends (the competition checker
 * and most Unix tools expect LF), UTF-8 by the caller's writer.
 */
public final class Csv {
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setRecordSeparator('\n')
            .get();

    private Csv() {}

    /** A printer that writes {@code header} first (none when the array is empty). */
    public static CSVPrinter printer(Writer out, String... header) throws IOException {
        CSVFormat f = header.length == 0 ? FORMAT : FORMAT.builder().setHeader(header).get();
        return new CSVPrinter(out, f);
    }

    /** A reader for files people hand us: tolerant of CRLF, a BOM is the caller's to strip. */
    public static CSVParser parser(Reader in, boolean hasHeader) throws IOException {
        CSVFormat f = hasHeader
                ? FORMAT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get()
                : FORMAT.builder().setIgnoreEmptyLines(true).get();
        return CSVParser.builder().setReader(in).setFormat(f).get();
    }
}
