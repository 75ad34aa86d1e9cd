package io.mqttha.dashboard;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * Starts JavaFX without an {@code Application} subclass (so the shaded class-path jar runs it), shows the
 * dashboard and blocks until the window closes.
 */
public final class DashboardWindow {

    /** The window's initial size: nine node tiles side by side. */
    public static final double WIDTH = 1600;
    /** The window's initial height. */
    public static final double HEIGHT = 1000;

    private DashboardWindow() {
    }

    /**
     * Starts the JavaFX runtime once per process.
     *
     * @throws IllegalStateException when there is no display to show a window on
     */
    public static void startToolkit() {
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyStarted) {
            started.countDown();
        } catch (UnsupportedOperationException noDisplay) {
            throw new IllegalStateException("No display to show the dashboard on (" + noDisplay.getMessage()
                    + "): run it on a desktop, under xvfb-run, or with --headless.", noDisplay);
        }
        Platform.setImplicitExit(false);
        awaitQuietly(started);
    }

    /**
     * Shows the dashboard and waits until the window is closed, or until {@code exitAfter} has passed; writes
     * a screenshot of the window just before it closes when asked to.
     *
     * @param model      the view-model to show; from now on only the JavaFX thread may touch it
     * @param title      the window title
     * @param exitAfter  close the window by itself after this long, empty to wait for the user
     * @param screenshot write a PNG of the window here before closing, empty for none
     * @throws UncheckedIOException when the screenshot cannot be written
     */
    public static void showAndWait(DashboardViewModel model, String title, Optional<Duration> exitAfter,
            Optional<Path> screenshot) {
        CountDownLatch closed = new CountDownLatch(1);
        CompletableFuture<Void> screenshotWritten = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            DashboardView view = new DashboardView(model);
            stage.setTitle(title);
            stage.setScene(new Scene(view.root(), WIDTH, HEIGHT));
            stage.setOnHidden(event -> {
                view.dispose();
                closed.countDown();
            });
            stage.show();
            exitAfter.ifPresent(delay -> {
                Thread timer = new Thread(() -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Platform.runLater(() -> {
                        screenshot.ifPresent(file -> capture(stage, file, screenshotWritten));
                        stage.close();
                    });
                }, "dashboard-exit-after");
                timer.setDaemon(true);
                timer.start();
            });
        });
        awaitQuietly(closed);
        if (screenshot.isPresent()) {
            try {
                screenshotWritten.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new UncheckedIOException("Could not write the screenshot " + screenshot.get() + ": "
                        + e.getCause().getMessage(), new IOException(e.getCause()));
            }
        }
    }

    /** Shuts the JavaFX runtime down. */
    public static void stopToolkit() {
        Platform.exit();
    }

    private static void capture(Stage stage, Path file, CompletableFuture<Void> written) {
        try {
            WritableImage image = stage.getScene().snapshot(null);
            Path absolute = file.toAbsolutePath();
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", absolute.toFile())) {
                throw new IOException("no PNG writer available");
            }
            written.complete(null);
        } catch (IOException | RuntimeException e) {
            written.completeExceptionally(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
