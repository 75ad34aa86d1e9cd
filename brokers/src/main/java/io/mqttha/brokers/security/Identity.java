package io.mqttha.brokers.security;

import java.util.List;
import java.util.Objects;

/**
 * One identity the cluster knows, and what it may do.
 *
 * @param username what it logs in as
 * @param purpose  who uses it, in a few words, for the rendered ACL file
 * @param rules    its rights; everything else is denied
 */
public record Identity(String username, String purpose, List<AclRule> rules) {

    /** Validates and copies. */
    public Identity {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(purpose, "purpose");
        rules = List.copyOf(rules);
    }

    /**
     * One line of a Mosquitto ACL: an access right on a topic filter.
     *
     * @param access      what is allowed
     * @param topicFilter the topics it applies to; {@code #} does not match {@code $SYS} topics
     */
    public record AclRule(Access access, String topicFilter) {

        /** Validates the fields. */
        public AclRule {
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(topicFilter, "topicFilter");
        }
    }

    /** Mosquitto's ACL access keywords. */
    public enum Access {
        /** Subscribe and receive. */
        READ("read"),
        /** Publish. */
        WRITE("write"),
        /** Both. */
        READ_WRITE("readwrite");

        private final String keyword;

        Access(String keyword) {
            this.keyword = keyword;
        }

        /** The keyword as written in an ACL file. */
        public String keyword() {
            return keyword;
        }
    }
}
