package io.brazesync.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;

/**
 * The configuration keys Flink 2 knows, read from its own option classes, so that a key with a typo
 * or a name Flink 2 dropped is caught in a test instead of being ignored by the cluster.
 */
final class FlinkOptionKeys {

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    BlobServerOptions.class,
                    CheckpointingOptions.class,
                    ClusterOptions.class,
                    CoreOptions.class,
                    DeploymentOptions.class,
                    ExecutionOptions.class,
                    HeartbeatManagerOptions.class,
                    HighAvailabilityOptions.class,
                    JobManagerOptions.class,
                    MetricOptions.class,
                    NettyShuffleEnvironmentOptions.class,
                    PipelineOptions.class,
                    RestOptions.class,
                    RestartStrategyOptions.class,
                    RpcOptions.class,
                    SecurityOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    TaskManagerOptions.class,
                    WebOptions.class);

    private static final String REPORTER_PREFIX = "metrics.reporter.";

    private final Set<String> current = new HashSet<>();
    private final Map<String, String> oldNames = new HashMap<>();
    private final Set<String> reporterOptions = new HashSet<>();

    FlinkOptionKeys() {
        for (Class<?> options : OPTION_CLASSES) {
            for (ConfigOption<?> option : optionsOf(options)) {
                current.add(option.key());
                for (FallbackKey fallback : option.fallbackKeys()) {
                    oldNames.put(fallback.getKey(), option.key());
                }
                // Options of one reporter have keys without a prefix (factory.class, interval);
                // they are written under metrics.reporter.<name>.
                if (options == MetricOptions.class && !option.key().startsWith("metrics.")) {
                    reporterOptions.add(option.key());
                }
            }
        }
        reporterOptions.add(prometheusPortKey());
    }

    /** Why Flink would not read this key as written, or empty when it would. */
    Optional<String> problemWith(String key) {
        if (key.startsWith(REPORTER_PREFIX)) {
            String rest = key.substring(REPORTER_PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot > 0 && reporterOptions.contains(rest.substring(dot + 1))) {
                return Optional.empty();
            }
            return Optional.of(key + " is not an option of a metrics reporter");
        }
        if (current.contains(key)) {
            return Optional.empty();
        }
        if (oldNames.containsKey(key)) {
            return Optional.of(key + " is an old name; Flink 2 reads " + oldNames.get(key));
        }
        return Optional.of(key + " is not a Flink 2 option");
    }

    private static List<ConfigOption<?>> optionsOf(Class<?> options) {
        List<ConfigOption<?>> found = new ArrayList<>();
        for (Field field : options.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    found.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return found;
    }

    /** The key the Prometheus reporter reads its port from, as its factory spells it. */
    private static String prometheusPortKey() {
        try {
            Field port = PrometheusReporterFactory.class.getDeclaredField("ARG_PORT");
            port.setAccessible(true);
            return (String) port.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("PrometheusReporterFactory has no ARG_PORT", e);
        }
    }
}
