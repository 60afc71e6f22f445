package io.brazesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's deployment files, found from the {@code braze-sync.root} the build passes, and
 * read as the tools that use them would: YAML, JSON or text.
 */
final class DeployFiles {

    static final String FLINK_CONF = "flink-conf.yaml";
    static final String DOCKERFILE = "deploy/docker/Dockerfile";
    static final String DOCKER_IGNORE = "deploy/docker/Dockerfile.dockerignore";
    static final String COMPOSE = "deploy/compose.yaml";
    static final String COMPOSE_JOB_CONFIG = "deploy/compose/job-config.yaml";
    static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";
    static final String DASHBOARD = "deploy/grafana/braze-sync-dashboard.json";
    static final String FLINK_DEPLOYMENT = "deploy/kubernetes/flink-deployment.yaml";
    static final String JOB_CONFIG_MAP = "deploy/kubernetes/job-config.yaml";
    static final String API_KEY_SECRET = "deploy/kubernetes/braze-api-key.yaml";
    static final String POD_MONITOR = "deploy/kubernetes/pod-monitor.yaml";

    /** The job jar the job module builds; its name is the module's finalName. */
    static final String JOB_JAR = "job/target/braze-sync-job.jar";

    /** The data key of the job configuration in the ConfigMap. */
    static final String JOB_CONFIG_KEY = "job-config.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    static Path root() {
        String root = System.getProperty("braze-sync.root");
        if (root == null) {
            throw new IllegalStateException(
                    "braze-sync.root is not set; run the tests through Maven");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String relative) {
        return parseYaml(text(relative));
    }

    static JsonNode parseYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(text(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job configuration the Kubernetes ConfigMap carries, as text. */
    static String jobConfigOfConfigMap() {
        return yaml(JOB_CONFIG_MAP).path("data").path(JOB_CONFIG_KEY).asText();
    }

    static String toYaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode copy(JsonNode node) {
        return (ObjectNode) node.deepCopy();
    }
}
