package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.connector.deadletter.DeadLetterHeaders;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's operations section stays true to the repository: the files it tells a reader to use
 * exist, and it documents every metric and every dead-letter header the code produces.
 */
class ReadmeOperationsTest {

    private static final String START = "<!-- section: operations -->";
    private static final Pattern REPOSITORY_PATH =
            Pattern.compile("(?<![\\w/.-])(deploy/[\\w./-]*[\\w]|flink-conf\\.yaml)");

    private final String section = operationsSection();

    @Test
    void everyFileItNamesExists() {
        Matcher path = REPOSITORY_PATH.matcher(section);
        List<String> missing = new ArrayList<>();
        while (path.find()) {
            String file = path.group(1);
            if (!file.equals("deploy/compose/braze-api-key")
                    && !DeployFiles.path(file).toFile().exists()) {
                missing.add(file);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void documentsEveryMetricTheCodeRegisters() {
        for (String metric : RegisteredMetrics.names()) {
            assertThat(section).contains("| `" + metric + "`");
        }
    }

    @Test
    void documentsEveryDeadLetterHeader() throws IllegalAccessException {
        for (Field field : DeadLetterHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                assertThat(section).contains("`" + field.get(null) + "`");
            }
        }
    }

    @Test
    void submitsTheJarTheJobModuleBuilds() {
        assertThat(section)
                .contains("flink run -d " + DeployFiles.JOB_JAR + " --config")
                .contains("docker build -f " + DeployFiles.DOCKERFILE + " ")
                .contains("docker compose -f " + DeployFiles.COMPOSE + " up");
    }

    private static String operationsSection() {
        String readme = DeployFiles.text("README.md");
        int start = readme.indexOf(START);
        assertThat(start).as("the README has an operations section").isNotNegative();
        int end = readme.indexOf("<!-- section:", start + START.length());
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
