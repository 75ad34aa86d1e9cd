package io.mqttha.client.internal;

import io.mqttha.client.AuthenticationFailedException;
import io.mqttha.client.BrokerAddress;
import io.mqttha.client.HaMqttException;
import io.mqttha.client.NodeHungException;
import io.mqttha.client.NodeState;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How the engine reads a failed operation: which exception it is, and what it says about the node. */
final class Failures {

    private Failures() {
    }

    /** The SDK's exception for a failure reported by a connection to {@code node}. */
    static HaMqttException asHaException(Throwable failure, BrokerAddress node) {
        Throwable e = HiveMqErrors.unwrap(failure);
        return e instanceof HaMqttException known ? known : HiveMqErrors.translate(e, node, "operation");
    }

    /** The state a node is in after it failed with {@code cause}. */
    static NodeState stateAfter(HaMqttException cause) {
        if (cause instanceof AuthenticationFailedException) {
            return NodeState.REFUSED;
        }
        return cause instanceof NodeHungException ? NodeState.HUNG : NodeState.DOWN;
    }

    /** The reason code {@code node} refused with, or the refusal's only code if it names another node. */
    static int reasonCode(AuthenticationFailedException refusal, BrokerAddress node) {
        Integer code = refusal.reasonCodes().get(node);
        return code != null ? code : refusal.reasonCodes().values().iterator().next();
    }

    /** Runs an operation that returns a future, turning a synchronous exception into a failed future. */
    static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Completes {@code future} with {@code value}, or with {@code failure} if it is not null. */
    static <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
        if (failure == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(failure);
        }
    }
}
