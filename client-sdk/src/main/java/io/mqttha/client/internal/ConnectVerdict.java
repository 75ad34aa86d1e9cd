package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.ClientClosedException;
import io.mqttha.client.HaClientConfig;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.NoNodeAvailableException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link io.mqttha.client.HaMqttClient#connect()}: the first node the client is ready on, or,
 * once every node has failed before that, why. Every node refusing the credentials is its own verdict: the
 * nodes answered, and waiting or failing over cannot help.
 */
final class ConnectVerdict {

    private final HaClientConfig config;
    private final ClientThreads threads;
    private final CompletableFuture<BrokerAddress> outcome = new CompletableFuture<>();
    private final Map<BrokerAddress, HaMqttException> failures = new LinkedHashMap<>();

    ConnectVerdict(HaClientConfig config, ClientThreads threads) {
        this.config = config;
        this.threads = threads;
    }

    /** What {@code connect()} returns: a copy, so that callers cannot complete the verdict. */
    CompletableFuture<BrokerAddress> future() {
        return outcome.copy();
    }

    void connected(BrokerAddress node) {
        failures.clear();
        threads.callback(() -> outcome.complete(node));
    }

    void closed() {
        threads.callback(() -> outcome.completeExceptionally(new ClientClosedException("client closed before it connected")));
    }

    /** Counts {@code node}'s failure towards the verdict, if none is given yet. */
    void failed(BrokerAddress node, HaMqttException cause) {
        if (outcome.isDone()) {
            return;
        }
        failures.putIfAbsent(node, cause);
        if (failures.size() < config.addresses().size()) {
            return;
        }
        HaMqttException verdict = failures.values().stream().allMatch(AuthenticationFailedException.class::isInstance)
                ? everyNodeRefused() : noNodeAvailable();
        threads.callback(() -> outcome.completeExceptionally(verdict));
    }

    private NoNodeAvailableException noNodeAvailable() {
        StringBuilder summary = new StringBuilder("None of the " + config.addresses().size()
                + " nodes accepted a connection (the client keeps trying):");
        failures.forEach((n, e) -> summary.append(' ').append(n).append(": ").append(e.getMessage()).append(';'));
        NoNodeAvailableException exception = new NoNodeAvailableException(summary.toString());
        failures.values().forEach(exception::addSuppressed);
        return exception;
    }

    private AuthenticationFailedException everyNodeRefused() {
        Map<BrokerAddress, Integer> codes = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder("Every one of the ").append(config.addresses().size())
                .append(" nodes refused this client's credentials")
                .append(config.credentials().map(c -> " (user '" + c.username() + "')").orElse(" (no credentials set)"))
                .append("; the client tries each again after ").append(config.authenticationRetryInterval().toSeconds())
                .append(" s:");
        for (BrokerAddress node : config.addresses()) {
            int code = Failures.reasonCode((AuthenticationFailedException) failures.get(node), node);
            codes.put(node, code);
            summary.append(' ').append(node).append(": ").append(AuthenticationCodes.describe(code)).append(" (")
                    .append(AuthenticationCodes.format(code)).append(");");
        }
        AuthenticationFailedException exception = new AuthenticationFailedException(codes, summary.toString());
        failures.values().forEach(exception::addSuppressed);
        return exception;
    }
}
