package io.brazesync.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few reads of the JobManager's REST API the cluster test needs. */
public final class FlinkRestApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    FlinkRestApi(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** TaskManagers registered with the JobManager; 0 while the JobManager is not up yet. */
    public int registeredTaskManagers() {
        try {
            return get("/overview").path("taskmanagers").asInt();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Task slots of all registered TaskManagers. */
    public int totalSlots() throws IOException {
        return get("/overview").path("slots-total").asInt();
    }

    /** Task slots no job uses. */
    public int freeSlots() throws IOException {
        return get("/overview").path("slots-available").asInt();
    }

    /** The job's state: RUNNING, FINISHED, CANCELED, FAILED... */
    public String jobState(String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** The state of each of the job's vertices (operator chains). */
    public List<String> vertexStates(String jobId) throws IOException {
        List<String> states = new ArrayList<>();
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            states.add(vertex.path("status").asText());
        }
        return states;
    }

    /** How many checkpoints of the job have completed. */
    public long completedCheckpoints(String jobId) throws IOException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(
                        "GET "
                                + path
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + path, e);
        }
    }
}
