package dev.cvpipe.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Another run's hidden temp files appearing and vanishing in a folder (as to-rgb's do beside its
 * outputs) while a test lists that folder: the race a folder walk must survive.
 */
public final class VanishingTemps {
    /** Body of a test run while temps named {@code .imgN.EXT.1x0-M.cvpipe-tmp} churn in {@code dir}. */
    public interface Body {
        void run() throws Exception;
    }

    private VanishingTemps() {}

    public static void whileChurning(Path dir, String ext, Body body) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                try {
                    Path t = dir.resolve(".img" + (n % 50) + "." + ext + ".1x0-" + n + ".cvpipe-tmp");
                    Files.writeString(t, "y");
                    Files.deleteIfExists(t);
                    n++;
                } catch (Exception e) {
                    // keep churning
                }
            }
        });
        churn.start();
        try {
            body.run();
        } finally {
            stop.set(true);
            churn.join();
        }
    }
}
