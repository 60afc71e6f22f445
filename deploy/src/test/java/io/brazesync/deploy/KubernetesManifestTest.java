package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.brazesync.job.BrazeSyncJob;
import io.brazesync.job.BrazeSyncPipeline;
import io.brazesync.job.config.JobConfig;
import io.brazesync.job.config.JobConfigReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes files: a FlinkDeployment that runs the image's jar in application mode with
 * savepoint upgrades and the settings of flink-conf.yaml, a ConfigMap whose job configuration the
 * job accepts, and a Secret whose key lands where that configuration reads it.
 */
class KubernetesManifestTest {

    /** Keys of flink-conf.yaml that Kubernetes and the operator set themselves. */
    private static final Set<String> SET_BY_KUBERNETES =
            Set.of(
                    "jobmanager.rpc.address",
                    "jobmanager.rpc.port",
                    "jobmanager.bind-host",
                    "taskmanager.bind-host",
                    "rest.address",
                    "rest.port",
                    "rest.bind-address",
                    // From spec.jobManager/taskManager.resource.memory, checked below.
                    "jobmanager.memory.process.size",
                    "taskmanager.memory.process.size",
                    // On object storage instead of the compose cluster's shared volume.
                    "execution.checkpointing.dir",
                    "execution.checkpointing.savepoint-dir");

    private static final String MAIN_CONTAINER = "flink-main-container";

    private final JsonNode deployment = DeployFiles.yaml(DeployFiles.FLINK_DEPLOYMENT);
    private final JsonNode spec = deployment.path("spec");
    private final JsonNode configMap = DeployFiles.yaml(DeployFiles.JOB_CONFIG_MAP);
    private final JsonNode secret = DeployFiles.yaml(DeployFiles.API_KEY_SECRET);

    @Test
    void runsTheImagesJarInApplicationModeWithSavepointUpgrades() {
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(deployment.path("kind").asText()).isEqualTo("FlinkDeployment");
        String[] flinkVersion = System.getProperty("flink.version").split("\\.");
        assertThat(spec.path("flinkVersion").asText())
                .isEqualTo("v" + flinkVersion[0] + "_" + flinkVersion[1]);

        JsonNode job = spec.path("job");
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + DockerImageTest.USRLIB_JAR);
        assertThat(job.path("entryClass").asText()).isEqualTo(BrazeSyncJob.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("state").asText()).isEqualTo("running");
        assertThat(job.path("parallelism").asText())
                .isEqualTo(flinkConf().path("parallelism.default").asText());
    }

    @Test
    void readsTheJobConfigurationFromTheConfigMapMountedOnTheJobManager() {
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(arg -> args.add(arg.asText()));
        JsonNode jobManager = spec.path("jobManager").path("podTemplate").path("spec");
        JsonNode volume = volumeNamed(jobManager, "job-config");

        assertThat(volume.path("configMap").path("name").asText())
                .isEqualTo(configMap.path("metadata").path("name").asText());
        assertThat(args)
                .containsExactly(
                        "--config",
                        mountPath(jobManager, "job-config") + "/" + DeployFiles.JOB_CONFIG_KEY);
        assertThat(configMap.path("data").has(DeployFiles.JOB_CONFIG_KEY)).isTrue();
    }

    @Test
    void theConfigMapsJobConfigurationBuildsTheJob() {
        JobConfig config = JobConfigReader.parse(DeployFiles.jobConfigOfConfigMap());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        // Builds the source, the sink and the dead-letter sink with every setting checked.
        BrazeSyncPipeline.build(env, config);

        assertThat(env.getStreamGraph().getStreamNodes()).isNotEmpty();
        assertThat(config.braze().endpoint()).startsWith("https://");
    }

    @Test
    void mountsTheSecretsKeyWhereTheJobConfigurationReadsItOnTaskManagersOnly() {
        JobConfig config = JobConfigReader.parse(DeployFiles.jobConfigOfConfigMap());
        JsonNode taskManager = spec.path("taskManager").path("podTemplate").path("spec");
        JsonNode volume = volumeNamed(taskManager, "braze-api-key");
        String key = secret.path("stringData").fieldNames().next();

        assertThat(secret.path("kind").asText()).isEqualTo("Secret");
        assertThat(volume.path("secret").path("secretName").asText())
                .isEqualTo(secret.path("metadata").path("name").asText());
        assertThat(volume.path("secret").has("items")).isFalse();
        assertThat(config.braze().apiKey().toString())
                .isEqualTo("file " + mountPath(taskManager, "braze-api-key") + "/" + key);
        assertThat(
                        spec.path("jobManager")
                                .path("podTemplate")
                                .toString()
                                .contains(secret.path("metadata").path("name").asText()))
                .as("the JobManager never sees the key")
                .isFalse();
    }

    @Test
    void carriesTheSettingsOfFlinkConfYaml() {
        JsonNode flinkConfiguration = spec.path("flinkConfiguration");
        Map<String, String> expected = new TreeMap<>();
        for (String key : FlinkConfTest.keysOf(flinkConf())) {
            if (!SET_BY_KUBERNETES.contains(key)) {
                expected.put(key, flinkConf().path(key).asText());
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (String key : expected.keySet()) {
            if (flinkConfiguration.has(key)) {
                actual.put(key, flinkConfiguration.path(key).asText());
            }
        }

        assertThat(actual).isEqualTo(expected);
        assertThat(spec.path("jobManager").path("resource").path("memory").asText())
                .isEqualTo(flinkConf().path("jobmanager.memory.process.size").asText());
        assertThat(spec.path("taskManager").path("resource").path("memory").asText())
                .isEqualTo(flinkConf().path("taskmanager.memory.process.size").asText());
    }

    @Test
    void everyFlinkConfigurationKeyIsAFlink2OptionAndEveryValueAString() {
        FlinkOptionKeys known = new FlinkOptionKeys();
        List<String> problems = new ArrayList<>();
        JsonNode flinkConfiguration = spec.path("flinkConfiguration");
        for (String key : FlinkConfTest.keysOf(flinkConfiguration)) {
            known.problemWith(key).ifPresent(problems::add);
            if (!flinkConfiguration.path(key).isTextual()) {
                problems.add(key + " is not a string; the operator's CRD takes strings only");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void keepsStateAndHighAvailabilityDataOnStorageEveryPodReachesWithItsPlugin() {
        JsonNode flinkConfiguration = spec.path("flinkConfiguration");
        List<String> dirs =
                List.of(
                        flinkConfiguration.path("execution.checkpointing.dir").asText(),
                        flinkConfiguration.path("execution.checkpointing.savepoint-dir").asText(),
                        flinkConfiguration.path("high-availability.storageDir").asText());
        assertThat(flinkConfiguration.path("high-availability.type").asText())
                .isEqualTo("kubernetes");

        String plugin = "flink-s3-fs-presto-" + System.getProperty("flink.version") + ".jar";
        for (String dir : dirs) {
            assertThat(dir).startsWith("s3://");
        }
        for (String pod : List.of("jobManager", "taskManager")) {
            JsonNode container = mainContainer(spec.path(pod).path("podTemplate").path("spec"));
            assertThat(container.path("env").toString())
                    .as("%s enables the S3 file system", pod)
                    .contains("ENABLE_BUILT_IN_PLUGINS")
                    .contains(plugin);
        }
    }

    @Test
    void thePodMonitorScrapesTheReporterPortOfEveryFlinkPod() {
        JsonNode podMonitor = DeployFiles.yaml(DeployFiles.POD_MONITOR);
        JsonNode endpoint = podMonitor.path("spec").path("podMetricsEndpoints").get(0);
        String port = flinkConf().path("metrics.reporter.prom.port").asText();

        // Flink labels the pods of a native Kubernetes cluster with app: <cluster id>.
        assertThat(
                        podMonitor
                                .path("spec")
                                .path("selector")
                                .path("matchLabels")
                                .path("app")
                                .asText())
                .isEqualTo(deployment.path("metadata").path("name").asText());
        for (String pod : List.of("jobManager", "taskManager")) {
            JsonNode container = mainContainer(spec.path(pod).path("podTemplate").path("spec"));
            assertThat(container.path("ports"))
                    .as("%s declares the reporter's port", pod)
                    .anySatisfy(
                            p -> {
                                assertThat(p.path("name").asText())
                                        .isEqualTo(endpoint.path("port").asText());
                                assertThat(p.path("containerPort").asText()).isEqualTo(port);
                            });
        }
    }

    private static JsonNode flinkConf() {
        return DeployFiles.yaml(DeployFiles.FLINK_CONF);
    }

    private static JsonNode volumeNamed(JsonNode podSpec, String name) {
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name + " in " + podSpec);
    }

    private static String mountPath(JsonNode podSpec, String volume) {
        for (JsonNode mount : mainContainer(podSpec).path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("the main container does not mount " + volume);
    }

    private static JsonNode mainContainer(JsonNode podSpec) {
        for (JsonNode container : podSpec.path("containers")) {
            if (container.path("name").asText().equals(MAIN_CONTAINER)) {
                return container;
            }
        }
        throw new AssertionError("no " + MAIN_CONTAINER + " in " + podSpec);
    }
}
