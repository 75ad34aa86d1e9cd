package io.mqttha.dashboard;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A time chart of one value per QoS level over the last {@link #WINDOW_SECONDS} seconds, drawn on a canvas:
 * a second without a value breaks the line, a second in which messages went missing gets a red mark on the
 * time axis, and node outages are bands behind the lines. A canvas redrawn ten times a second costs far
 * less than a {@code LineChart} re-laying out hundreds of nodes.
 */
final class SeriesChart extends Pane {

    /** The seconds shown. */
    static final int WINDOW_SECONDS = 120;
    /** Line colours of QoS 0, 1 and 2. */
    static final List<Color> QOS_COLOURS = List.of(Color.web("#1e88e5"), Color.web("#43a047"), Color.web("#8e24aa"));

    private static final double LEFT = 48;
    private static final double RIGHT = 8;
    private static final double TOP = 20;
    private static final double BOTTOM = 18;

    private final DashboardViewModel model;
    private final String title;
    private final String unit;
    private final ToDoubleFunction<SeriesPoint> value;
    private final Canvas canvas = new Canvas();

    /**
     * @param value the plotted value of a point, NaN (or a second without messages) for none
     */
    SeriesChart(DashboardViewModel model, String title, String unit, ToDoubleFunction<SeriesPoint> value) {
        this.model = model;
        this.title = title;
        this.unit = unit;
        this.value = value;
        getChildren().add(canvas);
        setMinHeight(120);
        model.revisionProperty().addListener(changed -> draw());
        widthProperty().addListener(changed -> draw());
        heightProperty().addListener(changed -> draw());
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    private void draw() {
        double width = getWidth();
        double height = getHeight();
        if (width <= LEFT + RIGHT || height <= TOP + BOTTOM) {
            return;
        }
        canvas.setWidth(width);
        canvas.setHeight(height);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double plotWidth = width - LEFT - RIGHT;
        double plotHeight = height - TOP - BOTTOM;
        Instant end = model.nowProperty().get();
        long endMillis = end.toEpochMilli();
        long startMillis = endMillis - WINDOW_SECONDS * 1000L;

        g.setFont(Font.font(10));
        for (OutageBand band : model.outages()) {
            long from = Math.max(band.from().toEpochMilli(), startMillis);
            long to = band.to().map(Instant::toEpochMilli).orElse(endMillis);
            if (to < startMillis) {
                continue;
            }
            double x0 = LEFT + plotWidth * (from - startMillis) / (endMillis - startMillis);
            double x1 = LEFT + plotWidth * (to - startMillis) / (endMillis - startMillis);
            g.setFill(band.status() == NodeStatus.DOWN ? Color.rgb(229, 57, 53, 0.15) : Color.rgb(251, 140, 0, 0.18));
            g.fillRect(x0, TOP, Math.max(2, x1 - x0), plotHeight);
            g.setFill(Color.web("#b71c1c"));
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(band.node() + " " + band.status().label(), x0 + 2, TOP + 2 + 11 * (model.outages().indexOf(band) % 4));
        }

        List<List<SeriesPoint>> series = DashboardViewModel.QOS_LEVELS.stream()
                .map(qos -> model.recentSeries(qos, WINDOW_SECONDS)).toList();
        double max = 1;
        for (List<SeriesPoint> points : series) {
            for (SeriesPoint point : points) {
                double v = valueOf(point);
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = niceCeiling(max);

        g.setStroke(Color.web("#dddddd"));
        g.setLineWidth(1);
        g.setFill(Color.web("#555555"));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i <= 4; i++) {
            double y = TOP + plotHeight * (1 - i / 4.0);
            g.strokeLine(LEFT, y, width - RIGHT, y);
            g.fillText(format(max * i / 4), LEFT - 4, y);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int secondsAgo = WINDOW_SECONDS; secondsAgo >= 0; secondsAgo -= 30) {
            double x = LEFT + plotWidth * (WINDOW_SECONDS - secondsAgo) / WINDOW_SECONDS;
            g.fillText(secondsAgo == 0 ? "now" : "-" + secondsAgo + " s", x, height - BOTTOM + 3);
        }

        for (int qos = 0; qos < series.size(); qos++) {
            g.setStroke(QOS_COLOURS.get(qos));
            g.setLineWidth(1.6);
            boolean drawing = false;
            for (SeriesPoint point : series.get(qos)) {
                long middle = point.second().toEpochMilli() + 500;
                if (middle < startMillis) {
                    continue;
                }
                double x = LEFT + plotWidth * (middle - startMillis) / (endMillis - startMillis);
                double v = valueOf(point);
                if (Double.isNaN(v)) {
                    if (drawing) {
                        g.stroke();
                    }
                    drawing = false;
                } else {
                    double y = TOP + plotHeight * (1 - v / max);
                    if (drawing) {
                        g.lineTo(x, y);
                    } else {
                        g.beginPath();
                        g.moveTo(x, y);
                        drawing = true;
                    }
                }
                if (point.gap()) {
                    g.setFill(Color.web("#d50000"));
                    g.fillRect(x - 2, TOP + plotHeight - 6 - 4 * qos, 4, 4);
                }
            }
            if (drawing) {
                g.stroke();
            }
        }

        g.setFill(Color.web("#222222"));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
        g.fillText(title + " (" + unit + ")", LEFT, 3);
        double legendX = width - RIGHT - 150;
        for (int qos = 0; qos < QOS_COLOURS.size(); qos++) {
            g.setFill(QOS_COLOURS.get(qos));
            g.fillRect(legendX + qos * 50, 6, 10, 8);
            g.setFill(Color.web("#222222"));
            g.fillText("QoS " + qos, legendX + qos * 50 + 13, 3);
        }
    }

    private double valueOf(SeriesPoint point) {
        // A second without messages is a break in every chart: no rate line through an outage either.
        return point.messages() == 0 ? Double.NaN : value.applyAsDouble(point);
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (value <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        return value >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
