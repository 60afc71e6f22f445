package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose cluster, checked as far as a machine without Docker allows: its files exist, its
 * services agree with the image, flink-conf.yaml and the job configuration, and the job
 * configuration it submits is one the job accepts.
 */
class ComposeTest {

    private static final String DEPLOY_DIR = "deploy/";
    private static final String USER_WRITTEN_KEY_FILE = "./compose/braze-api-key";

    private final JsonNode compose = DeployFiles.yaml(DeployFiles.COMPOSE);
    private final JsonNode services = compose.path("services");

    @Test
    void startsKafkaInKraftModeFlinkPrometheusAndGrafana() {
        assertThat(names(services))
                .contains("kafka", "jobmanager", "taskmanager", "prometheus", "grafana");
        JsonNode kafka = services.path("kafka");
        assertThat(kafka.path("image").asText())
                .isEqualTo("apache/kafka:" + System.getProperty("kafka.version"));
        assertThat(kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .isEqualTo("broker,controller");
    }

    @Test
    void buildsTheImageFromTheRepositoryWithTheProjectsDockerfile() {
        JsonNode build = services.path("jobmanager").path("build");
        Path context = DeployFiles.path(DEPLOY_DIR).resolve(build.path("context").asText());

        assertThat(context.normalize()).isEqualTo(DeployFiles.root());
        assertThat(build.path("dockerfile").asText()).isEqualTo(DeployFiles.DOCKERFILE);
        String image = services.path("jobmanager").path("image").asText();
        for (String flink : List.of("taskmanager", "submit")) {
            assertThat(services.path(flink).path("image").asText()).isEqualTo(image);
        }
    }

    @Test
    void mountsOnlyFilesThatExist() {
        for (Map.Entry<String, JsonNode> service : entries(services)) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DeployFiles.path(DEPLOY_DIR + source.substring(2)))
                            .as("%s mounts %s", service.getKey(), source)
                            .exists();
                }
            }
        }
        // The API key is the one file a user writes; it must never be committed.
        assertThat(compose.path("secrets").path("braze-api-key").path("file").asText())
                .isEqualTo(USER_WRITTEN_KEY_FILE);
        assertThat(DeployFiles.text(".gitignore"))
                .contains(DEPLOY_DIR + USER_WRITTEN_KEY_FILE.substring(2));
    }

    @Test
    void submitsTheImagesJarWithTheMountedJobConfiguration() {
        JsonNode submit = services.path("submit");
        String command = submit.path("command").get(0).asText();
        String mounted = mountTarget(submit, "./compose/job-config.yaml");

        assertThat(command)
                .contains(DockerImageTest.USRLIB_JAR + " --config " + mounted)
                .contains("flink run -d -m jobmanager:");
    }

    @Test
    void theJobConfigurationIsOneTheJobAccepts() {
        JobConfig config = JobConfigReader.parse(DeployFiles.text(DeployFiles.COMPOSE_JOB_CONFIG));

        assertThat(config.kafka().bootstrapServers())
                .isEqualTo("kafka:9092")
                .satisfies(
                        servers ->
                                assertThat(
                                                services.path("kafka")
                                                        .path("environment")
                                                        .path("KAFKA_ADVERTISED_LISTENERS")
                                                        .asText())
                                        .contains("PLAINTEXT://" + servers));
        assertThat(config.braze().apiKey().toString())
                .isEqualTo("file /run/secrets/braze-api-key")
                .as("the secret the TaskManager mounts")
                .endsWith(services.path("taskmanager").path("secrets").get(0).asText());
    }

    @Test
    void createsEverySyncsTopicAndTheDeadLetterTopic() {
        JobConfig config = JobConfigReader.parse(DeployFiles.text(DeployFiles.COMPOSE_JOB_CONFIG));
        String createTopics = services.path("kafka-topics").path("command").get(0).asText();

        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(createTopics);
        assertThat(loop.find()).as("the topic loop in %s", createTopics).isTrue();

        List<String> topics = new ArrayList<>();
        config.syncs().forEach(sync -> topics.add(sync.topic()));
        topics.add(config.deadLetterTopic());
        assertThat(loop.group(1).strip().split("\\s+")).containsExactlyInAnyOrderElementsOf(topics);
    }

    @Test
    void keepsCheckpointsAndSavepointsOnAVolumeBothFlinkProcessesShare() {
        JsonNode flinkConf = DeployFiles.yaml(DeployFiles.FLINK_CONF);
        String checkpoints = flinkConf.path("execution.checkpointing.dir").asText();
        String savepoints = flinkConf.path("execution.checkpointing.savepoint-dir").asText();

        for (String flink : List.of("jobmanager", "taskmanager")) {
            String mount = mountTarget(services.path(flink), "flink-data");
            assertThat(checkpoints).startsWith("file://" + mount + "/");
            assertThat(savepoints).startsWith("file://" + mount + "/");
        }
        assertThat(compose.path("volumes").has("flink-data")).isTrue();
    }

    @Test
    void prometheusScrapesEveryFlinkProcessOnTheReportersPort() {
        String port =
                DeployFiles.yaml(DeployFiles.FLINK_CONF)
                        .path("metrics.reporter.prom.port")
                        .asText();
        List<String> targets = new ArrayList<>();
        for (JsonNode job : DeployFiles.yaml(DeployFiles.PROMETHEUS).path("scrape_configs")) {
            for (JsonNode config : job.path("static_configs")) {
                config.path("targets").forEach(target -> targets.add(target.asText()));
            }
        }
        assertThat(targets).containsExactlyInAnyOrder("jobmanager:" + port, "taskmanager:" + port);
        assertThat(mountTarget(services.path("prometheus"), "./prometheus/prometheus.yml"))
                .isEqualTo(
                        services.path("prometheus")
                                .path("command")
                                .get(0)
                                .asText()
                                .replace("--config.file=", ""));
    }

    @Test
    void grafanaProvisionsThePrometheusSourceAndTheDashboard() {
        JsonNode grafana = services.path("grafana");
        assertThat(mountTarget(grafana, "./grafana/provisioning"))
                .isEqualTo("/etc/grafana/provisioning");
        JsonNode provider =
                DeployFiles.yaml("deploy/grafana/provisioning/dashboards/braze-sync.yaml")
                        .path("providers")
                        .get(0);
        String dashboard = mountTarget(grafana, "./grafana/braze-sync-dashboard.json");
        assertThat(dashboard).startsWith(provider.path("options").path("path").asText() + "/");

        JsonNode source =
                DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yaml")
                        .path("datasources")
                        .get(0);
        assertThat(source.path("type").asText()).isEqualTo("prometheus");
        assertThat(source.path("url").asText())
                .isEqualTo("http://prometheus:" + published(services.path("prometheus")));
    }

    /** Where a service mounts a host path or named volume; fails when it does not. */
    private static String mountTarget(JsonNode service, String source) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].equals(source)) {
                return parts[1];
            }
        }
        throw new AssertionError("no volume " + source + " in " + service);
    }

    private static String published(JsonNode service) {
        return service.path("ports").get(0).asText().split(":")[1];
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        Map<String, JsonNode> entries = new TreeMap<>();
        object.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        return new ArrayList<>(entries.entrySet());
    }
}
