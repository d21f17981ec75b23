package dev.cvpipe.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/cvpipe} as a subprocess, the way scripts and CI call it. For the *IT tests. */
final class Launcher {
    record Result(int exit, String out, String err) {}

    private Launcher() {}

    /** Runs {@code ROOT/bin/cvpipe ARGS} in {@code cwd}, stdout and stderr captured separately. */
    static Result run(Path root, Path cwd, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("bin/cvpipe").toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cvpipe-out", ".txt");
        Path err = Files.createTempFile("cvpipe-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cvpipe " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path projectRoot() {
        return Path.of("").toAbsolutePath();
    }
}
