package dev.cvpipe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** --input HxW: a trailing or extra 'x' is a typo, not a size ('416x' was taken as 416x416). */
class InputSizeParseTest {
    @Test
    void wellFormedSizes() {
        assertArrayEquals(new int[] {416, 320}, ModelOptions.parseInput("416x320"));
        assertArrayEquals(new int[] {299, 299}, ModelOptions.parseInput("299"));
        assertArrayEquals(new int[] {64, 32}, TrainCommand.parseSize("64X32"));
        assertArrayEquals(new int[] {32, 32}, TrainCommand.parseSize("32"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"416x", "416x416x", "x416", "416xx416", "416x416x416"})
    void malformedSizesAreRefused(String s) {
        assertThrows(CvpipeException.class, () -> ModelOptions.parseInput(s));
        assertThrows(IllegalArgumentException.class, () -> TrainCommand.parseSize(s));
    }
}
