package io.brazesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.brazesync.deploy.DockerfileInstructions.Instruction;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The container image: built on the official Flink image of the version the build uses, with the
 * job jar the job module builds in usrlib, where the FlinkDeployment and the compose cluster expect
 * it, and the project's flink-conf.yaml as config.yaml.
 */
class DockerImageTest {

    static final String USRLIB_JAR = "/opt/flink/usrlib/braze-sync-job.jar";

    private final List<Instruction> instructions =
            DockerfileInstructions.parse(DeployFiles.text(DeployFiles.DOCKERFILE));

    @Test
    void buildsOnTheOfficialFlinkImageOfTheBuildsFlinkVersionForJava17() {
        List<Instruction> from = DockerfileInstructions.all(instructions, "FROM");
        assertThat(from).hasSize(1);
        assertThat(from.get(0).operands().get(0))
                .isEqualTo("flink:" + System.getProperty("flink.version") + "-scala_2.12-java17");
    }

    @Test
    void copiesTheJobModulesJarIntoUsrlib() throws Exception {
        String jar = "job/target/" + jobModuleFinalName() + ".jar";

        assertThat(jar).isEqualTo(DeployFiles.JOB_JAR);
        assertThat(copies()).anySatisfy(copy -> assertThat(copy).containsExactly(jar, USRLIB_JAR));
    }

    @Test
    void installsFlinkConfYamlAsConfigYaml() {
        assertThat(copies())
                .anySatisfy(
                        copy ->
                                assertThat(copy)
                                        .containsExactly(
                                                DeployFiles.FLINK_CONF,
                                                "/opt/flink/conf/config.yaml"));
    }

    @Test
    void copiesOnlyFilesThatExistOrThatTheBuildMakes() {
        for (List<String> copy : copies()) {
            String source = copy.get(0);
            if (!source.equals(DeployFiles.JOB_JAR)) {
                assertThat(DeployFiles.path(source)).as("COPY source %s", source).isRegularFile();
            }
        }
    }

    @Test
    void sendsTheBuildOnlyTheFilesItCopies() {
        List<String> ignore =
                DeployFiles.text(DeployFiles.DOCKER_IGNORE)
                        .lines()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .toList();

        assertThat(ignore.get(0)).isEqualTo("*");
        for (List<String> copy : copies()) {
            assertThat(ignore).contains("!" + copy.get(0));
        }
    }

    @Test
    void runsAsTheFlinkUserWhoOwnsTheCopiedFiles() {
        List<Instruction> users = DockerfileInstructions.all(instructions, "USER");
        assertThat(users.get(users.size() - 1).operands()).containsExactly("flink");
        for (Instruction copy : DockerfileInstructions.all(instructions, "COPY")) {
            assertThat(copy.arguments()).contains("--chown=flink:flink");
        }
    }

    /** Source and destination of every COPY, build context relative to the repository root. */
    private List<List<String>> copies() {
        return DockerfileInstructions.all(instructions, "COPY").stream()
                .map(Instruction::operands)
                .toList();
    }

    static String jobModuleFinalName() throws Exception {
        Document pom =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(DeployFiles.path("job/pom.xml").toFile());
        return pom.getElementsByTagName("finalName").item(0).getTextContent().strip();
    }
}
