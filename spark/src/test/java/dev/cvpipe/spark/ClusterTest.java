package dev.cvpipe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterTest {
    @Test
    void tasksHoldAtMostFilesPerTaskAndAtLeastOnePerSlot() {
        assertEquals(1000, Cluster.slices(1_000_000, 200, 1000)); // README: one million images, default size
        assertEquals(2000, Cluster.slices(2000, 2, 1));           // the overhead bench, one file per task
        assertEquals(2, Cluster.slices(2000, 2, 100_000));        // ... and one task per slot
        assertEquals(400, Cluster.slices(1_000_000, 400, 5000));  // slots win over a large filesPerTask
        assertEquals(3, Cluster.slices(3, 8, 1000));              // never an empty task
        assertEquals(3, Cluster.slices(2001, 1, 1000));           // rounded up
    }
}
