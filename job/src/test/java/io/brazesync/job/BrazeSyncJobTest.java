package io.brazesync.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brazesync.job.config.InvalidConfigException;
import io.brazesync.job.config.JobConfigReader;
import org.junit.jupiter.api.Test;

/** The job takes exactly one of --config and --sql, and refuses sink settings that do not fit. */
class BrazeSyncJobTest {

    @Test
    void neitherConfigNorSqlIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> BrazeSyncJob.main(new String[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(BrazeSyncJob.USAGE);
    }

    @Test
    void bothConfigAndSqlAreRefusedWithTheUsage() {
        assertThatThrownBy(
                        () ->
                                BrazeSyncJob.main(
                                        new String[] {"--config", "job.yaml", "--sql", "job.sql"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("give --config or --sql, not both; " + BrazeSyncJob.USAGE);
    }

    @Test
    void aBufferTooSmallForThreeBatchesIsRefusedAsAConfigurationError() {
        String config =
                String.join(
                        "\n",
                        "kafka:",
                        "  bootstrap-servers: k:9092",
                        "braze:",
                        "  endpoint: https://rest.fra-01.braze.eu",
                        "  api-key-env: BRAZE_API_KEY",
                        "  max-buffered-records: 100",
                        "dead-letter-topic: dlq",
                        "syncs:",
                        "  - name: profiles",
                        "    topic: cdp.profiles",
                        "    mode: user_track",
                        "    track-record-type: user_profile_attributes",
                        "");

        assertThatThrownBy(() -> BrazeSyncPipeline.brazeSink(JobConfigReader.parse(config)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("braze: max buffered records must hold at least one full");
    }

    @Test
    void anOptionWithoutItsFileIsRefused() {
        assertThatThrownBy(() -> BrazeSyncJob.main(new String[] {"--sql"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--sql needs a FILE; " + BrazeSyncJob.USAGE);
    }
}
