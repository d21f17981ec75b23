package dev.cvpipe.spark;

import dev.cvpipe.model.Precision;
import dev.cvpipe.predict.Ensemble;
import dev.cvpipe.predict.ModelCache;
import dev.cvpipe.report.Log;
import dev.cvpipe.train.ModelLibrary;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;

/**
 * Where the {@code --model} run folders are, on the driver and on each executor: a folder on shared
 * storage (the same absolute path everywhere), or an archive Spark ships and unpacks
 * ({@code --archives run.zip#model}: then {@code --model model} names the alias, found in the
 * executor's working folder on YARN and Kubernetes, or under Spark's files folder elsewhere).
 */
final class RunFolders {
    private final Cluster cluster;
    /** Each run folder as the driver found it, and how executors should name it. */
    private final Map<Path, String> executorNames = new HashMap<>();

    RunFolders(Cluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Driver: where this JVM finds {@code given}: the folder as given, or the alias of an archive
     * Spark unpacked here (local and standalone masters unpack {@code --archives} on the driver too;
     * YARN in client mode does not: there the driver needs its own copy under the alias's name).
     */
    Path onDriver(Path given) {
        String alias = shippedAlias(given);
        Path here = given;
        if (!Files.isDirectory(given)) {
            if (!given.isAbsolute()) cluster.context(); // SparkFiles needs the running context
            Path unpacked = given.isAbsolute() ? null : Path.of(SparkFiles.getRootDirectory()).resolve(given.toString());
            if (unpacked != null && Files.isDirectory(unpacked)) {
                here = unpacked;
                alias = given.toString();
            }
        }
        executorNames.put(here, alias != null ? alias : here.toAbsolutePath().toString());
        return here;
    }

    /** {@code given} when it names an archive shipped with {@code --archives FILE#NAME} (or FILE), else null. */
    private String shippedAlias(Path given) {
        if (given.isAbsolute()) return null;
        SparkConf conf = cluster.context().getConf();
        for (String key : List.of("spark.archives", "spark.yarn.dist.archives")) {
            for (String archive : conf.get(key, "").split(",")) {
                String a = archive.strip();
                if (a.isEmpty()) continue;
                int hash = a.lastIndexOf('#');
                String name = hash >= 0 ? a.substring(hash + 1) : a.substring(a.lastIndexOf('/') + 1);
                if (name.equals(given.toString())) return name;
            }
        }
        return null;
    }

    /** Driver: how executors name each folder {@link #onDriver} returned: the archive's alias, else an absolute path. */
    List<String> forExecutors(List<Path> onDriver) {
        List<String> out = new ArrayList<>();
        for (Path p : onDriver) out.add(executorNames.getOrDefault(p, p.toAbsolutePath().toString()));
        return out;
    }

    /** Executor: each name as this host sees it. */
    static List<String> onExecutor(List<String> names) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            Path p = Path.of(name);
            if (!Files.isDirectory(p)) p = Path.of(SparkFiles.get(name));
            if (!Files.isDirectory(p)) {
                throw new IOException("--model " + name + ": no such folder on executor host " + InetAddress.getLocalHost().getHostName()
                        + " (put runs on shared storage, or ship them with --archives run.zip#" + name + ")");
            }
            out.add(p.toAbsolutePath().toString());
        }
        return out;
    }

    /** The cores Spark gives each task ({@code spark.task.cpus}): its decoding threads. */
    static int taskCpus() {
        TaskContext task = TaskContext.get();
        return task == null ? 1 : Math.max(1, task.cpus());
    }

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,.*]");

    /** This executor's cores: {@code spark.executor.cores}, else the local master's, else the JVM's processors. */
    static int executorCores() {
        SparkConf conf = SparkEnv.get().conf();
        return executorCores(conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 1) : null,
                conf.get("spark.master", ""), Runtime.getRuntime().availableProcessors());
    }

    static int executorCores(Integer executorCores, String master, int processors) {
        if (executorCores != null) return Math.max(1, executorCores);
        if (master.equals("local")) return 1;
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) return m.group(1).equals("*") ? processors : Integer.parseInt(m.group(1));
        m = LOCAL_CLUSTER.matcher(master);
        if (m.matches()) return Integer.parseInt(m.group(1));
        return processors;
    }

    /**
     * Which session the tasks of this executor share: {@code cores / spark.task.cpus} tasks run at
     * once, each with its {@code spark.task.cpus} cores, so the one session gets all their cores as
     * intra-op threads and one inter-op thread per task (with fewer, concurrent runs queue).
     */
    static ModelCache.Key key(List<String> names, String checkpoint, Precision precision) throws IOException {
        return key(onExecutor(names), checkpoint, precision, executorCores(), taskCpus());
    }

    static ModelCache.Key key(List<String> folders, String checkpoint, Precision precision, int executorCores, int taskCpus) {
        int tasks = Math.max(1, executorCores / taskCpus);
        return new ModelCache.Key(folders, checkpoint, precision, tasks * taskCpus, tasks);
    }

    private static final AtomicBoolean THREADPOOL_WARNED = new AtomicBoolean();

    /** Executor: this JVM's loaded runs (one per executor, shared by its tasks). */
    static Ensemble models(List<String> names, String checkpoint, Precision precision) throws IOException {
        ModelCache.Key key = key(names, checkpoint, precision);
        if (!"1".equals(System.getenv("TF_OVERRIDE_GLOBAL_THREADPOOL")) && !THREADPOOL_WARNED.getAndSet(true)) {
            // read by TensorFlow from the environment only: without it the session's thread count is ignored
            Log.warn("TF_OVERRIDE_GLOBAL_THREADPOOL is not 1 in this executor: TensorFlow ignores the %d thread(s) cvpipe asks for"
                    + " and sizes its pool for the host's %d processors (set spark.executorEnv.TF_OVERRIDE_GLOBAL_THREADPOOL=1;"
                    + " in local mode, export it before spark-submit)",
                    key.threads(), Runtime.getRuntime().availableProcessors());
        }
        return ModelCache.get(key, ModelLibrary.factory());
    }
}
