package io.brazesync.job.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A SQL file split into its statements: separated by {@code ;}, with {@code --} and {@code /*
 * *}{@code /} comments left out, and with quoted text ({@code '...'}, {@code "..."}, {@code `...`})
 * kept whole, so a {@code ;} inside a string does not end a statement.
 */
public final class SqlScript {

    private final List<Statement> statements;

    private SqlScript(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** One statement, without its {@code ;}, and the line of the file where it starts. */
    public record Statement(String text, int line) {

        /** The statement's first word in upper case, such as {@code INSERT} or {@code CREATE}. */
        public String keyword() {
            int end = 0;
            while (end < text.length() && Character.isLetter(text.charAt(end))) {
                end++;
            }
            return text.substring(0, end).toUpperCase(Locale.ROOT);
        }

        /** Where the statement is, for messages: its line and first word. */
        public String describe() {
            return "the " + keyword() + " statement at line " + line;
        }
    }

    public List<Statement> statements() {
        return statements;
    }

    public static SqlScript parse(String text) {
        return new Parser(text).parse();
    }

    /** Walks the text once, character by character. */
    private static final class Parser {

        private final String text;
        private final List<Statement> statements = new ArrayList<>();
        private final StringBuilder current = new StringBuilder();
        private int position;
        private int line = 1;

        /** The line where the statement being read starts; 0 before its first character. */
        private int statementLine;

        Parser(String text) {
            this.text = text;
        }

        SqlScript parse() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == '-' && peek(1) == '-') {
                    skipLineComment();
                } else if (c == '/' && peek(1) == '*') {
                    skipBlockComment();
                } else if (c == '\'' || c == '"' || c == '`') {
                    copyQuoted(c);
                } else if (c == ';') {
                    endStatement();
                    position++;
                } else {
                    append(c);
                    position++;
                }
            }
            endStatement();
            return new SqlScript(statements);
        }

        private char peek(int ahead) {
            int at = position + ahead;
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void append(char c) {
            if (statementLine == 0 && !Character.isWhitespace(c)) {
                statementLine = line;
            }
            current.append(c);
            if (c == '\n') {
                line++;
            }
        }

        private void skipLineComment() {
            while (position < text.length() && text.charAt(position) != '\n') {
                position++;
            }
        }

        private void skipBlockComment() {
            int started = line;
            int end = text.indexOf("*/", position + 2);
            if (end < 0) {
                throw new InvalidSqlScriptException(
                        "the comment that starts at line " + started + " is never closed (*/)");
            }
            for (int i = position; i < end; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            current.append(' ');
            position = end + 2;
        }

        /** Copies a quoted string or identifier; a doubled quote inside it stands for itself. */
        private void copyQuoted(char quote) {
            int started = line;
            append(quote);
            position++;
            while (true) {
                if (position >= text.length()) {
                    throw new InvalidSqlScriptException(
                            "the text quoted with "
                                    + quote
                                    + " at line "
                                    + started
                                    + " is never closed");
                }
                char c = text.charAt(position);
                append(c);
                position++;
                if (c == quote) {
                    if (peek(0) != quote) {
                        return;
                    }
                    append(quote);
                    position++;
                }
            }
        }

        private void endStatement() {
            String statement = current.toString().strip();
            if (!statement.isEmpty()) {
                statements.add(new Statement(statement, statementLine));
            }
            current.setLength(0);
            statementLine = 0;
        }
    }
}
