package io.brazesync.deploy.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink session cluster in separate JVMs, started the way a distribution's {@code bin/} scripts
 * start one: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code
 * TaskManagerRunner}) on a classpath of Maven-resolved Flink jars, with the heap and direct memory
 * sizes Flink's {@code BashJavaUtils} derives from the configuration, the configuration's {@code
 * env.java.opts.*}, and a log file each. Jobs are run and stopped with Flink's own client.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final String JOB_MANAGER =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String CLIENT = "org.apache.flink.client.cli.CliFrontend";
    private static final String BASH_JAVA_UTILS =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String BASH_JAVA_UTILS_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(3);

    private final String classpath;
    private final ClusterConfiguration configuration;
    private final FlinkRestApi rest;
    private final List<ChildJvm> processes = new ArrayList<>();
    // Child processes outlive a test JVM that is killed (a CI timeout, say) unless it kills them.
    private final Thread killOnExit = new Thread(this::kill, "flink-cluster-kill-on-exit");
    private int clientRuns;

    private FlinkCluster(String classpath, ClusterConfiguration configuration) {
        this.classpath = classpath;
        this.configuration = configuration;
        this.rest = new FlinkRestApi(configuration.restPort());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a JobManager and a TaskManager configured from the given {@code flink-conf.yaml}, and
     * returns once the TaskManager has registered.
     *
     * @param classpathFile the cluster's classpath, as maven-dependency-plugin wrote it
     * @param workDir where the configuration, logs, checkpoints and savepoints go
     */
    public static FlinkCluster start(Path classpathFile, Path flinkConf, Path workDir)
            throws Exception {
        String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
        FlinkCluster cluster =
                new FlinkCluster(classpath, ClusterConfiguration.write(flinkConf, workDir));
        try {
            cluster.startProcess(
                    "jobmanager",
                    "GET_JM_RESOURCE_PARAMS",
                    "env.java.opts.jobmanager",
                    JOB_MANAGER,
                    cluster.configuration.jobManagerMetricsPort());
            cluster.startProcess(
                    "taskmanager",
                    "GET_TM_RESOURCE_PARAMS",
                    "env.java.opts.taskmanager",
                    TASK_MANAGER,
                    cluster.configuration.taskManagerMetricsPort());
            Await.until(
                    "the TaskManager registers with the JobManager",
                    START_TIMEOUT,
                    () -> {
                        cluster.checkProcessesAlive();
                        return cluster.rest.registeredTaskManagers() == 1;
                    });
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Runs Flink's command-line client, as {@code bin/flink} would, and returns its output. */
    public String flink(String... arguments) throws IOException, InterruptedException {
        int run = ++clientRuns;
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.addAll(words(configuration.value("env.java.opts.all")));
        jvmOptions.addAll(words(configuration.value("env.java.opts.client")));
        jvmOptions.addAll(logSettings("client-" + run));
        return ChildJvm.run(
                "flink " + arguments[0],
                classpath,
                jvmOptions,
                CLIENT,
                Arrays.asList(arguments),
                environment(),
                configuration.logDir().resolve("client-" + run + ".out"),
                CLIENT_TIMEOUT);
    }

    public FlinkRestApi rest() {
        return rest;
    }

    /** Where stop-with-savepoint writes unless told otherwise. */
    public Path savepointDir() {
        return configuration.savepointDir();
    }

    public String jobManagerMetricsUrl() {
        return "http://localhost:" + configuration.jobManagerMetricsPort() + "/metrics";
    }

    public String taskManagerMetricsUrl() {
        return "http://localhost:" + configuration.taskManagerMetricsPort() + "/metrics";
    }

    /** Fails when the JobManager or the TaskManager process has ended. */
    public void checkProcessesAlive() {
        for (ChildJvm process : processes) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        process + " has exited; see " + configuration.logDir());
            }
        }
    }

    /** The JobManager's and TaskManager's log files and what they printed outside them. */
    public List<Path> processLogs() {
        List<Path> logs = new ArrayList<>();
        for (String name : List.of("jobmanager", "taskmanager")) {
            logs.add(configuration.logDir().resolve(name + ".log"));
            logs.add(configuration.logDir().resolve(name + ".out"));
        }
        return logs;
    }

    /** How long each process log is now, to read later only what was written after this. */
    public Map<Path, Long> logPositions() throws IOException {
        Map<Path, Long> positions = new LinkedHashMap<>();
        for (Path log : processLogs()) {
            positions.put(log, Files.exists(log) ? Files.size(log) : 0L);
        }
        return positions;
    }

    /**
     * The log entries the process logs gained since the given positions, each prefixed by its file:
     * a line that starts with a timestamp, with the stack trace lines that follow it.
     */
    public List<String> logEntriesSince(Map<Path, Long> positions) throws IOException {
        List<String> entries = new ArrayList<>();
        for (Path log : processLogs()) {
            if (!Files.exists(log)) {
                continue;
            }
            byte[] content = Files.readAllBytes(log);
            int from = (int) Math.min(positions.getOrDefault(log, 0L), content.length);
            String added = new String(content, from, content.length - from, StandardCharsets.UTF_8);
            StringBuilder entry = new StringBuilder();
            for (String line : added.split("\n")) {
                if (!line.isEmpty() && Character.isDigit(line.charAt(0)) && entry.length() > 0) {
                    entries.add(entry.toString());
                    entry.setLength(0);
                }
                if (!line.isBlank()) {
                    entry.append(entry.length() == 0 ? log.getFileName() + ": " : "\n");
                    entry.append(line);
                }
            }
            if (entry.length() > 0) {
                entries.add(entry.toString());
            }
        }
        return entries;
    }

    /** Where the logs are, for failure messages. */
    public Path logDir() {
        return configuration.logDir();
    }

    /** Stops the TaskManager, then the JobManager, each killed if it does not stop in time. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway and finds nothing left to kill.
        }
    }

    private void kill() {
        processes.forEach(ChildJvm::kill);
    }

    private void startProcess(
            String name, String resourceCommand, String javaOptsKey, String mainClass, int port)
            throws IOException, InterruptedException {
        // Each process serves Prometheus on its own port; given as a dynamic property, exactly as
        // bin/jobmanager.sh -D would pass it.
        List<String> dynamicProperties = List.of("-D", "metrics.reporter.prom.port=" + port);
        List<String> resources = memoryParameters(name, resourceCommand, dynamicProperties);

        List<String> jvmOptions = new ArrayList<>(words(resources.get(0)));
        jvmOptions.addAll(words(configuration.value("env.java.opts.all")));
        jvmOptions.addAll(words(configuration.value(javaOptsKey)));
        jvmOptions.addAll(logSettings(name));
        List<String> arguments = new ArrayList<>();
        arguments.add("--configDir");
        arguments.add(configuration.confDir().toString());
        arguments.addAll(dynamicProperties);
        arguments.addAll(words(resources.get(1)));

        processes.add(
                ChildJvm.start(
                        name,
                        classpath,
                        jvmOptions,
                        mainClass,
                        arguments,
                        environment(),
                        configuration.logDir().resolve(name + ".out")));
    }

    /**
     * Asks Flink's BashJavaUtils, like {@code config.sh} does, for the JVM memory options (first
     * line) and the derived memory settings to pass as dynamic properties (second line).
     */
    private List<String> memoryParameters(
            String name, String command, List<String> dynamicProperties)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>();
        arguments.add(command);
        arguments.add("--configDir");
        arguments.add(configuration.confDir().toString());
        arguments.addAll(dynamicProperties);
        String output =
                ChildJvm.run(
                        "BashJavaUtils " + command,
                        classpath,
                        List.of(),
                        BASH_JAVA_UTILS,
                        arguments,
                        environment(),
                        configuration.logDir().resolve(name + "-memory.out"),
                        START_TIMEOUT);
        List<String> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(BASH_JAVA_UTILS_RESULT)) {
                results.add(line.substring(BASH_JAVA_UTILS_RESULT.length()).strip());
            }
        }
        if (results.size() != 2) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " gave no memory parameters:\n" + output);
        }
        return results;
    }

    private List<String> logSettings(String name) {
        return List.of(
                "-Dlog.file=" + configuration.logDir().resolve(name + ".log"),
                "-Dlog4j.configurationFile=" + configuration.log4jConfigurationFile(),
                "-Djava.io.tmpdir=" + configuration.value("io.tmp.dirs"));
    }

    private Map<String, String> environment() {
        return Map.of("FLINK_CONF_DIR", configuration.confDir().toString());
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
