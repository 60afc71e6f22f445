package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root {@code flink-conf.yaml}, loaded the way a Flink 2 cluster loads it: copied as {@code
 * config.yaml} and read by {@link GlobalConfiguration}. Typed reads prove each setting took effect;
 * a key with a typo would leave its default in place and fail here.
 */
class FlinkConfTest {

    @TempDir static Path confDir;

    private static Configuration config;

    @BeforeAll
    static void load() throws Exception {
        Files.copy(DeployFiles.path(DeployFiles.FLINK_CONF), confDir.resolve("config.yaml"));
        config = GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    @Test
    void everyKeyIsAFlink2OptionUnderItsCurrentName() {
        FlinkOptionKeys known = new FlinkOptionKeys();
        List<String> problems = new ArrayList<>();
        for (String key : keysOf(DeployFiles.yaml(DeployFiles.FLINK_CONF))) {
            known.problemWith(key).ifPresent(problems::add);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void checkpointsUnalignedEveryThirtySecondsAndKeepsThemOnCancel() {
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(config.get(CheckpointingOptions.ENABLE_UNALIGNED)).isTrue();
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(config.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS)).isEqualTo(1);
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///flink-data/checkpoints");
        assertThat(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo("file:///flink-data/savepoints");
    }

    @Test
    void keepsStateInRocksDbWithIncrementalCheckpoints() {
        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(config.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
    }

    @Test
    void restartsWithAnExponentiallyGrowingDelay() {
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        config.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(
                        config.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void reportsMetricsToPrometheus() {
        Configuration reporter = MetricOptions.forReporter(config, "prom");
        assertThat(reporter.get(MetricOptions.REPORTER_FACTORY_CLASS))
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(reporter.toMap()).containsEntry("port", "9249");
    }

    @Test
    void memoryAddsUpForTheJobManagerAndTheTaskManager() {
        // The same derivation bin/jobmanager.sh and bin/taskmanager.sh run before starting a JVM.
        JobManagerProcessSpec jobManager = JobManagerProcessUtils.processSpecFromConfig(config);
        TaskExecutorProcessSpec taskManager =
                TaskExecutorProcessUtils.processSpecFromConfig(config);

        assertThat(jobManager.getTotalProcessMemorySize()).isEqualTo(MemorySize.parse("1600m"));
        assertThat(taskManager.getTotalProcessMemorySize()).isEqualTo(MemorySize.parse("2048m"));
        assertThat(taskManager.getManagedMemorySize())
                .as("RocksDB's cache")
                .isGreaterThan(MemorySize.parse("256m"));
        assertThat(config.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        assertThat(config.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
        assertThat(config.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);
    }

    @Test
    void opensTheJavaModulesFlinkNeedsOnJava17() {
        assertThat(config.get(CoreOptions.FLINK_JVM_OPTIONS).split("\\s+"))
                .contains(
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.nio=ALL-UNNAMED",
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.util=ALL-UNNAMED");
    }

    @Test
    void loadsUserClassesChildFirst() {
        assertThat(config.get(CoreOptions.CLASSLOADER_RESOLVE_ORDER)).isEqualTo("child-first");
    }

    static List<String> keysOf(JsonNode flatYaml) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = flatYaml.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }
}
