package io.brazesync.job.local;

import io.brazesync.testing.EmbeddedKafka;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One set of {@link EmbeddedServices} (Kafka broker, Braze emulator, key file) for a whole test
 * class, started before its first test and closed after its last.
 */
public final class ServicesPerClass implements BeforeAllCallback, AfterAllCallback {

    private final int maxMessageBytes;
    private EmbeddedServices services;

    public ServicesPerClass() {
        this(EmbeddedKafka.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** With a broker that takes records of up to {@code maxMessageBytes}. */
    public ServicesPerClass(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** A mini-cluster for the same class, with this many task managers and slots each. */
    public static MiniClusterExtension miniCluster(int taskManagers, int slotsPerTaskManager) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(taskManagers)
                        .setNumberSlotsPerTaskManager(slotsPerTaskManager)
                        .build());
    }

    public EmbeddedServices get() {
        return services;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        services = EmbeddedServices.start(maxMessageBytes);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        services.close();
    }
}
