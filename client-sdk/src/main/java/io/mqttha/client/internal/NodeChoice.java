package io.mqttha.client.internal;

import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which node a connection should go to: the next main connection, a standby beside it, or the preferred node
 * to fail back to. It asks the {@link NodeSelector} with what the {@link NodeTracker} knows now.
 */
final class NodeChoice {

    private static final Logger LOG = LoggerFactory.getLogger(NodeChoice.class);

    private final HaClientConfig config;
    private final Clock clock;
    private final NodeTracker nodes;
    private final NodeSelector selector;
    private final Duration failbackWait;

    NodeChoice(HaClientConfig config, Clock clock, NodeTracker nodes, NodeSelector selector) {
        this.config = config;
        this.clock = clock;
        this.nodes = nodes;
        this.selector = selector;
        this.failbackWait = selector.failbackWait(config.failbackDelay(), config.failbackSpread());
    }

    /** The best node for the main connection now, or when the earliest backoff ends. */
    NodeSelector.Choice main(BrokerAddress lastTried) {
        return selector.select(nodes.candidates(), lastTried, clock.instant());
    }

    /** Whether a node is eligible for the main connection now. */
    boolean mainAvailable(BrokerAddress lastTried) {
        return main(lastTried).node() != null;
    }

    /**
     * The best node for a standby: not {@code main}, not {@code avoid}, not reported bad by the probes, not
     * backing off.
     */
    Optional<BrokerAddress> standby(BrokerAddress main, BrokerAddress avoid) {
        List<NodeSelector.Candidate> others = new ArrayList<>();
        for (NodeSelector.Candidate c : nodes.candidates()) {
            boolean reportedBad = config.healthProbing() && c.reportedBad();
            if (!reportedBad && !c.address().equals(main) && !c.address().equals(avoid)) {
                others.add(c);
            }
        }
        return others.isEmpty() ? Optional.empty()
                : Optional.ofNullable(selector.select(others, main, clock.instant()).node());
    }

    /**
     * The node to move the main connection to while it works: the client's home node once it has been up for
     * this client's failback wait, or the same node when {@code main} is a promoted standby, which has no
     * last will.
     */
    Optional<BrokerAddress> plannedSwitch(Link main) {
        if (main.standbyRole && config.lastWill().isPresent()) {
            return Optional.of(main.node);
        }
        if (!config.healthProbing()) {
            return Optional.empty();
        }
        Optional<BrokerAddress> home = selector.home(config.addresses()).filter(node -> !node.equals(main.node));
        if (home.isPresent() && nodes.upFor(home.get(), failbackWait)) {
            LOG.info("Home node {} is back; preparing failback from {}", home.get(), main.node);
            return home;
        }
        return Optional.empty();
    }
}
