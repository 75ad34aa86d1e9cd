package io.mqttha.dashboard;

import io.mqttha.client.Qos;
import io.mqttha.publisher.PublisherTopics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which of the publishers' topics a message arrived on, and what it means to the dashboard. */
final class TopicRoutes {

    /** What a topic is. */
    sealed interface Route {
        /** One of a publisher's telemetry streams; {@code row} indexes the continuity table. */
        record Telemetry(int row) implements Route {
        }

        /** A publisher's retained {@code online}/{@code offline} status. */
        record Status(String publisher) implements Route {
        }

        /** A publisher's heartbeat. */
        record Heartbeat(String publisher) implements Route {
        }

        /** A publisher's retained, versioned state document. */
        record State(String publisher) implements Route {
        }

        /** Not a publisher topic. */
        record Other() implements Route {
        }
    }

    private static final Route OTHER = new Route.Other();

    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, String> stateTopics = new HashMap<>();

    /**
     * The routes of {@code publishers}' topics; telemetry rows are numbered publisher by publisher, QoS by QoS.
     */
    TopicRoutes(List<String> publishers, PublisherTopics topics, List<Integer> qosLevels) {
        int row = 0;
        for (String publisher : publishers) {
            routes.put(topics.status(publisher), new Route.Status(publisher));
            routes.put(topics.heartbeat(publisher), new Route.Heartbeat(publisher));
            routes.put(topics.state(publisher), new Route.State(publisher));
            stateTopics.put(topics.state(publisher), publisher);
            for (int qos : qosLevels) {
                routes.put(topics.telemetry(publisher, Qos.of(qos)), new Route.Telemetry(row++));
            }
        }
    }

    Route route(String topic) {
        return routes.getOrDefault(topic, OTHER);
    }

    /** Every publisher's state topic, with the publisher. */
    Map<String, String> stateTopics() {
        return stateTopics;
    }
}
