package io.brazesync.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The job takes exactly one of --config and --sql. */
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
    void anOptionWithoutItsFileIsRefused() {
        assertThatThrownBy(() -> BrazeSyncJob.main(new String[] {"--sql"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--sql needs a FILE; " + BrazeSyncJob.USAGE);
    }
}
