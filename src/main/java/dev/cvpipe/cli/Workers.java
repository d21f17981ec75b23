package dev.cvpipe.cli;

import dev.cvpipe.report.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one task per input on N threads and returns the results in input order. {@code onResult} is
 * called on the calling thread as results arrive (progress, bad-input lines); if it throws (e.g.
 * --strict), the remaining tasks are cancelled and the exception propagates. Memory stays bounded by
 * N tasks in flight, because each task loads its own input.
 */
public final class Workers {
    private Workers() {}

    public static <I, R> List<R> map(List<I> inputs, int jobs, String label, Function<I, R> task, Consumer<R> onResult)
            throws InterruptedException {
        int n = inputs.size();
        List<R> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(null);
        if (n == 0) return out;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, n)), r -> {
            Thread t = new Thread(r, "cvpipe-" + label);
            t.setDaemon(true);
            return t;
        });
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        List<Future<Integer>> futures = new ArrayList<>(n);
        try (Progress progress = new Progress(label, n)) {
            for (int i = 0; i < n; i++) {
                final int k = i;
                futures.add(done.submit(() -> {
                    out.set(k, task.apply(inputs.get(k)));
                    return k;
                }));
            }
            for (int i = 0; i < n; i++) {
                int k;
                try {
                    k = done.take().get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error er) throw er;
                    throw new IllegalStateException(c);
                }
                onResult.accept(out.get(k));
                progress.step();
            }
        } finally {
            pool.shutdownNow();
            // a failure stops the run: let the tasks in flight end (their temps removed) before it is reported
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        return out;
    }
}
