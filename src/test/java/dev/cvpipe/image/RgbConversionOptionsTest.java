package dev.cvpipe.image;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cvpipe.io.DeferredSync;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RgbConversionOptionsTest {
    @Test
    void onlyOutputsBesideTheInputsAreFlushedLate() throws Exception {
        try (DeferredSync flush = DeferredSync.open()) {
            var out = new RgbConversion.Options(Path.of("out"), RgbConversion.Target.JPEG, 95, false, false, false, DecodeOptions.PILLOW, flush);
            assertSame(flush, out.deferral());
            // in place a rename may replace an input: it keeps its fsync whatever the caller handed over
            var inPlace = new RgbConversion.Options(null, RgbConversion.Target.JPEG, 95, false, false, false, DecodeOptions.PILLOW, flush);
            assertNull(inPlace.deferral());
            assertNull(new RgbConversion.Options(Path.of("out"), RgbConversion.Target.JPEG, 95, false, false, false, DecodeOptions.PILLOW).deferral());
        }
    }
}
