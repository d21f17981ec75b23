package dev.cvpipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TableTest {
    private final Table t = new Table("name", "count", "share")
            .add("a,b \"c\"", 12, 0.5)
            .add("d", 3, Double.NaN);

    @Test
    void textAlignsNumbersRight() {
        assertEquals("""
                name     count   share
                a,b "c"     12  0.5000
                d            3     NaN
                """, t.toText());
    }

    /** A file name with a newline or tab must not split or skew a text row (CSV/JSON keep the raw name). */
    @Test
    void textEscapesControlCharactersSoARowStaysOneLine() {
        Table n = new Table("path", "status").add("dir/a\nb.png", "ok").add("t\tx.jpg", "ok");
        assertEquals("path          status\ndir/a\\nb.png  ok\nt\\tx.jpg      ok\n", n.toText());
        assertEquals("path,status\n\"dir/a\nb.png\",ok\nt\tx.jpg,ok\n", n.toCsv());
    }

    @Test
    void csvQuotesPerRfc4180WithLf() {
        assertEquals("name,count,share\n\"a,b \"\"c\"\"\",12,0.5\nd,3,NaN\n", t.toCsv());
    }

    @Test
    void jsonWritesNaNAsNull() throws Exception {
        JsonNode n = Json.MAPPER.readTree(Json.write(t.toMaps()));
        assertEquals(2, n.size());
        assertEquals(12, n.get(0).get("count").asInt());
        assertEquals(true, n.get(1).get("share").isNull());
    }
}
