package io.brazesync.connector.client;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where the Braze API key is read from: an environment variable or a file, resolved on the task
 * manager when the sink opens.
 *
 * <p>Only the variable name or the file path travels in the job graph, so the key never shows in
 * Flink's web UI, the job's configuration or a checkpoint.
 */
@PublicEvolving
public final class ApiKeySource implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String environmentVariable;
    private final String file;

    private ApiKeySource(String environmentVariable, String file) {
        this.environmentVariable = environmentVariable;
        this.file = file;
    }

    /** The key is the value of this environment variable on every task manager. */
    public static ApiKeySource fromEnvironment(String variable) {
        return new ApiKeySource(Objects.requireNonNull(variable, "variable"), null);
    }

    /** The key is the content of this file (surrounding white space ignored). */
    public static ApiKeySource fromFile(String path) {
        return new ApiKeySource(null, Objects.requireNonNull(path, "path"));
    }

    /** Reads the key; fails with a message naming the source, never the key. */
    public String resolve() {
        String key;
        if (environmentVariable != null) {
            key = System.getenv(environmentVariable);
            if (key == null || key.isBlank()) {
                throw new IllegalStateException(
                        "the Braze API key variable " + environmentVariable + " is not set");
            }
        } else {
            try {
                key = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read the Braze API key file " + file + ": " + e.getClass());
            }
            if (key.isBlank()) {
                throw new IllegalStateException("the Braze API key file " + file + " is empty");
            }
        }
        return key.strip();
    }

    /** Names the source, never the key. */
    @Override
    public String toString() {
        return environmentVariable != null
                ? "environment variable " + environmentVariable
                : "file " + file;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ApiKeySource)) {
            return false;
        }
        ApiKeySource that = (ApiKeySource) o;
        return Objects.equals(environmentVariable, that.environmentVariable)
                && Objects.equals(file, that.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(environmentVariable, file);
    }
}
