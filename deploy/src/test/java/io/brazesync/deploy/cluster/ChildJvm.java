package io.brazesync.deploy.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java process started the way Flink's scripts start theirs: this machine's {@code java}, a
 * classpath, JVM options, a main class and its arguments, with everything it prints going to one
 * file.
 */
final class ChildJvm implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final Path output;

    private ChildJvm(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts the process and returns at once. */
    static ChildJvm start(
            String name,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> arguments,
            Map<String, String> environment,
            Path output)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-classpath");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(output.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return new ChildJvm(name, builder.start(), output);
    }

    /**
     * Starts the process, waits for it to end and returns what it printed; fails when it runs
     * longer than the timeout (the process is killed) or exits with another code than 0.
     */
    static String run(
            String name,
            String classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> arguments,
            Map<String, String> environment,
            Path output,
            Duration timeout)
            throws IOException, InterruptedException {
        try (ChildJvm jvm =
                start(name, classpath, jvmOptions, mainClass, arguments, environment, output)) {
            if (!jvm.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        name + " did not end within " + timeout + ":\n" + jvm.output());
            }
            if (jvm.process.exitValue() != 0) {
                throw new IllegalStateException(
                        name + " exited with " + jvm.process.exitValue() + ":\n" + jvm.output());
            }
            return jvm.output();
        }
    }

    /** Kills the process at once, without waiting. */
    void kill() {
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    Path outputFile() {
        return output;
    }

    /** Asks the process to stop (its shutdown hooks run), and kills it after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
