package io.mqttha.client.example;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README shows the compiled example line for line, so that it cannot rot. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/io/mqttha/client/example/ReadmeExample.java");

    @Test
    void readmeShowsTheCompiledExample() throws IOException {
        List<String> source = Files.readAllLines(EXAMPLE);
        int begin = indexOfMarker(source, "// README:begin");
        int end = indexOfMarker(source, "// README:end");
        List<String> snippet = source.subList(begin + 1, end);
        int indent = snippet.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        String expected = String.join("\n", snippet.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent)).toList());

        assertThat(Files.readString(README))
                .as("README.md must contain the example of %s verbatim; copy it over after changing it", EXAMPLE)
                .contains("```java\n" + expected + "\n```");
    }

    private static int indexOfMarker(List<String> lines, String marker) {
        int index = Arrays.asList(lines.stream().map(String::strip).toArray(String[]::new)).indexOf(marker);
        assertThat(index).as("marker %s", marker).isNotNegative();
        return index;
    }
}
