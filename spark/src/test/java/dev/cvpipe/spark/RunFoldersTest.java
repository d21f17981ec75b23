package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.ModelCache;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an executor sizes the one TensorFlow session its tasks share, from its cores and spark.task.cpus. */
class RunFoldersTest {
    @Test
    void executorCoresFromTheConfOrTheMaster() {
        assertEquals(4, RunFolders.executorCores(4, "yarn", 64));
        assertEquals(3, RunFolders.executorCores(null, "local[3]", 64));
        assertEquals(64, RunFolders.executorCores(null, "local[*]", 64));
        assertEquals(2, RunFolders.executorCores(null, "local[2,4]", 64));  // local[N,maxFailures]
        assertEquals(1, RunFolders.executorCores(null, "local", 64));
        assertEquals(1, RunFolders.executorCores(null, "local-cluster[2,1,1024]", 64));
        assertEquals(64, RunFolders.executorCores(null, "spark://host:7077", 64));  // standalone: the whole worker
    }

    @Test
    void oneInterOpThreadPerConcurrentTaskAndAllTheirCoresForKernels() {
        List<String> run = List.of("/runs/a");
        ModelCache.Key k = RunFolders.key(run, "best", Precision.FP32, 8, 2);   // spark.task.cpus=2: 4 tasks at once
        assertEquals(8, k.threads());
        assertEquals(4, k.tasks());
        k = RunFolders.key(run, "best", Precision.FP32, 4, 1);
        assertEquals(4, k.threads());
        assertEquals(4, k.tasks());
        k = RunFolders.key(run, "best", Precision.FP32, 5, 2);                  // 2 tasks fit, the odd core is left idle
        assertEquals(4, k.threads());
        assertEquals(2, k.tasks());
        k = RunFolders.key(run, "best", Precision.FP32, 1, 2);                  // task.cpus above the cores: one task
        assertEquals(2, k.threads());
        assertEquals(1, k.tasks());
    }
}
