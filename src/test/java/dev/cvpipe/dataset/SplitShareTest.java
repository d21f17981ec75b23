package dev.cvpipe.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SplitShareTest {
    @Test
    void fractionsRoundHalfUpInDecimal() {
        assertEquals(2, SplitShare.parse("0.15").of(10)); // 1.5 -> 2
        assertEquals(15, SplitShare.parse("0.145").of(100)); // 14.5 -> 15; in doubles 0.145*100 is 14.4999...
        assertEquals(1, SplitShare.parse("0.25").of(2));  // 0.5 -> 1
        assertEquals(0, SplitShare.parse("0.1").of(4));   // 0.4 -> 0
        assertEquals(204, SplitShare.parse("0.1").of(2039));
    }

    @Test
    void wholeNumbersAreCountsPerClassCappedAtTheClassSize() {
        assertEquals(5, SplitShare.parse("5").of(100));
        assertEquals(3, SplitShare.parse("5").of(3));
        assertEquals(0, SplitShare.parse("0").of(3));
    }

    @Test
    void refusesNonsense() {
        for (String s : new String[] {"1.0", "1.5", "-0.1", "abc", "-3"}) {
            assertThrows(IllegalArgumentException.class, () -> SplitShare.parse(s), s);
        }
    }
}
