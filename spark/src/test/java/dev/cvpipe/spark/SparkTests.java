package dev.cvpipe.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The test JVM's Spark: one {@code local[2]} session shared by every test class (a cold start costs
 * seconds, a job a fraction of one), bound to loopback, UI off.
 */
final class SparkTests {
    private static JavaSparkContext local;

    private SparkTests() {}

    static synchronized Cluster local() {
        if (local == null) local = start(conf("local[2]"));
        return Cluster.of(local);
    }

    /** Stops the shared session (a test that needs another master stops it first). */
    static synchronized void stopLocal() {
        if (local != null) local.stop();
        local = null;
    }

    static SparkConf conf(String master) {
        return new SparkConf()
                .setMaster(master)
                .setAppName("cvpipe-spark-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "2");
    }

    static JavaSparkContext start(SparkConf conf) {
        return JavaSparkContext.fromSparkContext(SparkSession.builder().config(conf).getOrCreate().sparkContext());
    }
}
