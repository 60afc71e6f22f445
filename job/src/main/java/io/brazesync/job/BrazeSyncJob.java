package io.brazesync.job;

import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import io.brazesync.job.sql.SqlJobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The braze-sync job's entry point: {@code --config FILE} names the YAML configuration, or {@code
 * --sql FILE} a file of Flink SQL statements that insert into {@code braze} tables. The same jar
 * runs under {@code flink run} and on a local mini-cluster.
 */
public final class BrazeSyncJob {

    static final String USAGE =
            "usage: braze-sync --config FILE (the YAML job configuration)"
                    + " | --sql FILE (Flink SQL statements, separated by ';')";

    private static final String JOB_NAME = "braze-sync";

    private BrazeSyncJob() {}

    public static void main(String[] args) throws Exception {
        String config = argument(args, "--config");
        String sql = argument(args, "--sql");
        if ((config == null) == (sql == null)) {
            throw new IllegalArgumentException(
                    (config == null ? "" : "give --config or --sql, not both; ") + USAGE);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (config != null) {
            run(env, JobConfigReader.read(Path.of(config)), JOB_NAME);
        } else {
            // Only a SQL run touches Flink's table classes, so a cluster without them runs YAML.
            SqlJobRunner.run(env, Files.readString(Path.of(sql)), JOB_NAME);
        }
    }

    /** Builds and runs the job on the given environment; returns when it ends. */
    public static JobExecutionResult run(
            StreamExecutionEnvironment env, JobConfig config, String jobName) throws Exception {
        config.checkpointInterval()
                .ifPresent(
                        interval -> {
                            if (env.getCheckpointConfig().getCheckpointInterval() <= 0) {
                                // Unaligned, as flink-conf.yaml sets it for a cluster: barriers
                                // then pass the records queued while Braze throttles.
                                env.enableCheckpointing(
                                        interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
                                env.getCheckpointConfig().enableUnalignedCheckpoints();
                            }
                        });
        BrazeSyncPipeline.build(env, config);
        return env.execute(jobName);
    }

    private static String argument(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name)) {
                if (i == args.length - 1) {
                    throw new IllegalArgumentException(name + " needs a FILE; " + USAGE);
                }
                return args[i + 1];
            }
        }
        return null;
    }
}
