package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard: well-formed, showing every metric braze-sync registers, and querying names
 * as Flink's Prometheus reporter spells them. That every name it queries is really exported is
 * checked against a running job by {@link FlinkClusterITCase}.
 */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b(flink_[a-zA-Z0-9_]+)");
    private static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_";

    private final JsonNode dashboard = DeployFiles.json(DeployFiles.DASHBOARD);

    /** Every metric name the dashboard's queries use. */
    static Set<String> metricsQueried() {
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : DeployFiles.json(DeployFiles.DASHBOARD).findValues("expr")) {
            Matcher metric = METRIC.matcher(expr.asText());
            while (metric.find()) {
                names.add(metric.group(1));
            }
        }
        return names;
    }

    @Test
    void showsEveryMetricBrazeSyncRegisters() {
        Set<String> shortNames = new HashSet<>();
        for (String name : metricsQueried()) {
            if (name.startsWith(OPERATOR_SCOPE)) {
                // A group added as addGroup("endpoint", value) becomes a name part and a label.
                shortNames.add(
                        name.substring(OPERATOR_SCOPE.length()).replaceFirst("^endpoint_", ""));
            }
        }
        assertThat(shortNames).containsAll(RegisteredMetrics.names());
    }

    @Test
    void everyPanelQueriesTheChosenDataSource() {
        for (JsonNode panel : panels()) {
            assertThat(panel.path("datasource").path("uid").asText())
                    .as("panel %s", panel.path("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).isNotBlank();
                assertThat(refIds.add(target.path("refId").asText())).isTrue();
            }
        }
    }

    @Test
    void filtersEveryQueryByTheChosenJob() {
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher metric = METRIC.matcher(expr.asText());
            while (metric.find()) {
                String selector = expr.asText().substring(metric.end());
                assertThat(selector)
                        .as("in %s", expr.asText())
                        .startsWith("{job_name=~\"$job_name\"");
            }
        }
    }

    @Test
    void declaresItsVariablesAndLaysPanelsOutInTheGrid() {
        List<String> variables = new ArrayList<>();
        dashboard
                .path("templating")
                .path("list")
                .forEach(v -> variables.add(v.get("name").asText()));
        assertThat(variables).containsExactly("datasource", "job_name");
        assertThat(dashboard.path("uid").asText()).isEqualTo("braze-sync");

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).isLessThanOrEqualTo(24);
            assertThat(grid.path("h").asInt()).isPositive();
        }
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                panels.add(panel);
            }
        }
        return panels;
    }
}
