package io.brazesync.deploy.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test cluster's configuration directory: the project's {@code flink-conf.yaml} installed as
 * {@code config.yaml}, as the image does, with only what must differ on a shared build machine
 * replaced: loopback addresses, free ports, directories under the build's target, less memory.
 */
final class ClusterConfiguration {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String LOG4J_RESOURCE = "/flink-cluster/log4j.properties";

    private final Path confDir;
    private final Path logDir;
    private final Path savepointDir;
    private final Map<String, Object> values;
    private final int restPort;
    private final int jobManagerMetricsPort;
    private final int taskManagerMetricsPort;

    private ClusterConfiguration(
            Path confDir,
            Path logDir,
            Path savepointDir,
            Map<String, Object> values,
            int restPort,
            int jobManagerMetricsPort,
            int taskManagerMetricsPort) {
        this.confDir = confDir;
        this.logDir = logDir;
        this.savepointDir = savepointDir;
        this.values = values;
        this.restPort = restPort;
        this.jobManagerMetricsPort = jobManagerMetricsPort;
        this.taskManagerMetricsPort = taskManagerMetricsPort;
    }

    /** Writes {@code conf/config.yaml} and {@code conf/log4j.properties} under the work dir. */
    static ClusterConfiguration write(Path flinkConf, Path workDir) throws IOException {
        Path confDir = Files.createDirectories(workDir.resolve("conf"));
        Path logDir = Files.createDirectories(workDir.resolve("log"));
        Path tmpDir = Files.createDirectories(workDir.resolve("tmp"));
        Path checkpointDir = Files.createDirectories(workDir.resolve("checkpoints"));
        Path savepointDir = Files.createDirectories(workDir.resolve("savepoints"));
        Map<String, Object> values =
                YAML.readValue(
                        flinkConf.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        int restPort = freePort();

        // Loopback only: nothing the test starts listens beyond this machine.
        for (String key :
                new String[] {
                    "jobmanager.rpc.address",
                    "jobmanager.bind-host",
                    "taskmanager.bind-host",
                    "taskmanager.host",
                    "rest.address",
                    "rest.bind-address"
                }) {
            values.put(key, "localhost");
        }
        values.put("jobmanager.rpc.port", freePort());
        values.put("rest.port", restPort);
        values.put("io.tmp.dirs", tmpDir.toString());
        values.put("execution.checkpointing.dir", checkpointDir.toUri().toString());
        values.put("execution.checkpointing.savepoint-dir", savepointDir.toUri().toString());
        // Checkpoints (and with them Kafka offset commits) within seconds, not half a minute.
        values.put("execution.checkpointing.interval", "2s");
        values.put("execution.checkpointing.min-pause", "500ms");
        // A build machine shared with other builds; the test's load is small.
        values.put("jobmanager.memory.process.size", "1024m");
        values.put("taskmanager.memory.process.size", "1536m");

        YAML.writeValue(confDir.resolve("config.yaml").toFile(), values);
        try (InputStream log4j = ClusterConfiguration.class.getResourceAsStream(LOG4J_RESOURCE)) {
            if (log4j == null) {
                throw new IllegalStateException("missing test resource " + LOG4J_RESOURCE);
            }
            Files.copy(
                    log4j,
                    confDir.resolve("log4j.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return new ClusterConfiguration(
                confDir, logDir, savepointDir, values, restPort, freePort(), freePort());
    }

    Path confDir() {
        return confDir;
    }

    Path logDir() {
        return logDir;
    }

    Path savepointDir() {
        return savepointDir;
    }

    int restPort() {
        return restPort;
    }

    /** Each process gets its own Prometheus port, given on its command line. */
    int jobManagerMetricsPort() {
        return jobManagerMetricsPort;
    }

    int taskManagerMetricsPort() {
        return taskManagerMetricsPort;
    }

    /** A value of the written config.yaml, as text. */
    String value(String key) {
        Object value = values.get(key);
        return value == null ? "" : value.toString();
    }

    /** The log4j configuration URL Flink's scripts pass, for this directory. */
    String log4jConfigurationFile() {
        return confDir.resolve("log4j.properties").toUri().toString();
    }

    // A port free now may be taken before the process binds it; on a build machine that is rare
    // enough, and a clash fails loudly at start rather than silently later.
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
