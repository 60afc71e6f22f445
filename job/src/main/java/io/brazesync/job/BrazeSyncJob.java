package io.brazesync.job;

import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The braze-sync job's entry point: {@code --config FILE} names the YAML configuration. The same
 * jar runs under {@code flink run} and on a local mini-cluster.
 */
public final class BrazeSyncJob {

    private BrazeSyncJob() {}

    public static void main(String[] args) throws Exception {
        Path config = Path.of(argument(args, "--config"));
        JobConfig jobConfig = JobConfigReader.read(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        run(env, jobConfig, "braze-sync");
    }

    /** Builds and runs the job on the given environment; returns when it ends. */
    public static JobExecutionResult run(
            StreamExecutionEnvironment env, JobConfig config, String jobName) throws Exception {
        config.checkpointInterval()
                .ifPresent(
                        interval -> {
                            if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
                                env.enableCheckpointing(interval.toMillis());
                            }
                        });
        BrazeSyncPipeline.build(env, config);
        return env.execute(jobName);
    }

    private static String argument(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException(
                "usage: braze-sync --config FILE (the YAML job configuration)");
    }
}
