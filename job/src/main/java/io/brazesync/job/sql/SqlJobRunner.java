package io.brazesync.job.sql;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a SQL file as the braze-sync job: every statement but the {@code INSERT}s (CREATE, SET, USE,
 * ...) is executed in order to prepare the tables, and all {@code INSERT}s together form one Flink
 * job, usually from Kafka tables into {@code braze} tables.
 */
public final class SqlJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJobRunner.class);

    private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> STATEMENT_SETS = Set.of("EXECUTE", "BEGIN", "END");
    private static final Pattern SETTING =
            Pattern.compile("SET\\s+'([^']+)'\\s*=\\s*'([^']*)'", Pattern.CASE_INSENSITIVE);

    private SqlJobRunner() {}

    /**
     * Prepares the tables, submits the job and, when the environment is attached (a local run, or
     * {@code flink run} without {@code -d}), waits for it to end.
     */
    public static TableResult run(StreamExecutionEnvironment env, String script, String jobName)
            throws InterruptedException, ExecutionException {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().set(PipelineOptions.NAME, jobName);
        StatementSet inserts = tables.createStatementSet();
        int insertCount = 0;
        for (SqlScript.Statement statement : SqlScript.parse(script).statements()) {
            String keyword = statement.keyword();
            if (keyword.equals("INSERT")) {
                apply(statement, () -> inserts.addInsertSql(statement.text()));
                insertCount++;
            } else if (keyword.equals("SET")) {
                set(tables, statement);
            } else if (QUERIES.contains(keyword)) {
                throw new InvalidSqlScriptException(
                        statement.describe()
                                + " is a query on its own, whose rows would go nowhere; write"
                                + " INSERT INTO <braze table> SELECT ... instead");
            } else if (STATEMENT_SETS.contains(keyword)) {
                throw new InvalidSqlScriptException(
                        statement.describe()
                                + ": braze-sync runs every INSERT of the file as one job, so"
                                + " write the INSERT statements one after another, without"
                                + " EXECUTE or a statement set");
            } else {
                apply(statement, () -> tables.executeSql(statement.text()));
            }
        }
        if (insertCount == 0) {
            throw new InvalidSqlScriptException(
                    "the SQL file has no INSERT statement, so there is nothing to run; write"
                            + " INSERT INTO <braze table> SELECT ... FROM <kafka table>");
        }
        LOG.info("Submitting {} INSERT statements as the job '{}'", insertCount, jobName);
        TableResult result = inserts.execute();
        if (env.getConfiguration().get(DeploymentOptions.ATTACHED)) {
            result.await();
        }
        return result;
    }

    /** {@code SET 'key' = 'value'}, as in Flink's SQL client: a setting of the job. */
    private static void set(StreamTableEnvironment tables, SqlScript.Statement statement) {
        Matcher setting = SETTING.matcher(statement.text());
        if (!setting.matches()) {
            throw new InvalidSqlScriptException(
                    statement.describe() + " must have the form SET 'key' = 'value'");
        }
        tables.getConfig().set(setting.group(1), setting.group(2));
    }

    private static void apply(SqlScript.Statement statement, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw new InvalidSqlScriptException(
                    statement.describe() + " failed: " + e.getMessage(), e);
        }
    }
}
