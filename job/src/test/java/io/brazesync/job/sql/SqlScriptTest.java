package io.brazesync.job.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsStatementsAtSemicolonsAndKnowsWhereEachStarts() {
        SqlScript script =
                SqlScript.parse(
                        "CREATE TABLE a (x STRING) WITH ('connector' = 'datagen');\n"
                                + "\n"
                                + "INSERT INTO b\n"
                                + "SELECT x FROM a;\n"
                                + "  ;  \n");

        assertThat(script.statements())
                .containsExactly(
                        new SqlScript.Statement(
                                "CREATE TABLE a (x STRING) WITH ('connector' = 'datagen')", 1),
                        new SqlScript.Statement("INSERT INTO b\nSELECT x FROM a", 3));
    }

    @Test
    void leavesOutCommentsEvenWhenTheyHoldSemicolons() {
        SqlScript script =
                SqlScript.parse(
                        "-- the CDP's events; read from the start\n"
                                + "SET 'parallelism.default' = '2'; /* one; two\n"
                                + " three */ INSERT INTO b SELECT 1 -- trailing; note\n"
                                + ";");

        List<SqlScript.Statement> statements = script.statements();
        assertThat(statements)
                .extracting(SqlScript.Statement::keyword)
                .containsExactly("SET", "INSERT");
        assertThat(statements.get(1).text()).isEqualTo("INSERT INTO b SELECT 1");
        assertThat(statements.get(1).line()).isEqualTo(3);
    }

    @Test
    void keepsQuotedTextWholeWithItsSemicolonsAndDoubledQuotes() {
        SqlScript script =
                SqlScript.parse(
                        "INSERT INTO t SELECT 'a;b', 'it''s -- not a comment', `odd;name` FROM s;"
                                + " SELECT 1");

        assertThat(script.statements())
                .extracting(SqlScript.Statement::text)
                .containsExactly(
                        "INSERT INTO t SELECT 'a;b', 'it''s -- not a comment', `odd;name` FROM s",
                        "SELECT 1");
    }

    @Test
    void anUnclosedCommentOrStringIsRefusedWithItsLine() {
        assertThatThrownBy(() -> SqlScript.parse("SELECT 1;\n/* never closed"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessage("the comment that starts at line 2 is never closed (*/)");
        assertThatThrownBy(() -> SqlScript.parse("\n\nINSERT INTO t SELECT 'open"))
                .isInstanceOf(InvalidSqlScriptException.class)
                .hasMessage("the text quoted with ' at line 3 is never closed");
    }
}
