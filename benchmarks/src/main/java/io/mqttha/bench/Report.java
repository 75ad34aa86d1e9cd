package io.mqttha.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's result: printed as a table for people and as JSON for machines. */
final class Report {

    private final String title;
    private final List<String> columns;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    Report(String title, List<String> columns) {
        this.title = title;
        this.columns = List.copyOf(columns);
    }

    /** Records a fact about the run, such as the machine or a parameter. */
    Report context(String key, Object value) {
        context.put(key, value);
        return this;
    }

    /** Adds a row; its keys are the columns. */
    void row(Map<String, Object> row) {
        rows.add(row);
    }

    void printTable(PrintStream out) {
        out.println();
        out.println(title);
        List<Integer> widths = new ArrayList<>();
        for (String column : columns) {
            int width = column.length();
            for (Map<String, Object> row : rows) {
                width = Math.max(width, format(row.get(column)).length());
            }
            widths.add(width);
        }
        StringBuilder header = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < columns.size(); i++) {
            header.append(' ').append(pad(columns.get(i), widths.get(i))).append(" |");
            rule.append(' ').append("-".repeat(widths.get(i))).append(" |");
        }
        out.println(header);
        out.println(rule);
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < columns.size(); i++) {
                line.append(' ').append(pad(format(row.get(columns.get(i))), widths.get(i))).append(" |");
            }
            out.println(line);
        }
    }

    String json() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", title);
        document.put("context", context);
        document.put("results", rows);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the table, then the JSON, and writes the JSON to {@code file} when given. */
    void emit(PrintStream out, Path file) {
        printTable(out);
        out.println();
        out.println(json());
        if (file != null) {
            try {
                Files.writeString(file, json());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
            out.println("JSON written to " + file.toAbsolutePath());
        }
    }

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return Double.isNaN(d) ? "-" : String.format(java.util.Locale.ROOT, "%.1f", d);
        }
        return value.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
