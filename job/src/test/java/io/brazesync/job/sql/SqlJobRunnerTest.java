package io.brazesync.job.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** SQL files that cannot be a braze-sync job are refused before anything is submitted. */
class SqlJobRunnerTest {

    private static final String SOURCE =
            "CREATE TABLE cdp (external_id STRING) WITH ('connector' = 'datagen');\n";

    private static void run(String script) throws Exception {
        SqlJobRunner.run(StreamExecutionEnvironment.getExecutionEnvironment(), script, "refused");
    }

    @Test
    void aFileWithoutInsertIsRefused() {
        assertThatThrownBy(() -> run(SOURCE))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessageStartingWith("the SQL file has no INSERT statement");
    }

    @Test
    void aQueryOnItsOwnIsRefusedNamingItsLine() {
        assertThatThrownBy(() -> run(SOURCE + "\nSELECT * FROM cdp;"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessageStartingWith(
                        "the SELECT statement at line 3 is a query on its own, whose rows would"
                                + " go nowhere");
    }

    @Test
    void aStatementSetIsRefusedBecauseAllInsertsAlreadyFormOneJob() {
        assertThatThrownBy(
                        () ->
                                run(
                                        SOURCE
                                                + "EXECUTE STATEMENT SET BEGIN INSERT INTO x"
                                                + " SELECT * FROM cdp; END;"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessageContaining("runs every INSERT of the file as one job");
    }

    @Test
    void aSetStatementNeedsAQuotedKeyAndValue() {
        assertThatThrownBy(() -> run("SET 'parallelism.default' = '2';\nSET parallelism = 2;"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessage("the SET statement at line 2 must have the form SET 'key' = 'value'");
    }

    @Test
    void aStatementFlinkRefusesIsNamedByItsLine() {
        assertThatThrownBy(() -> run(SOURCE + "CREATE TABLE broken (x STRING;"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessageStartingWith("the CREATE statement at line 2 failed: Encountered");
    }
}
