package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.InvalidReason;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttha.client.UserProperty;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContinuityHeadersTest {

    private static final Incarnation RUN = new Incarnation(1_718_000_000_000L, 0x0a1b2c3d);

    private static List<UserProperty> valid() {
        return new ArrayList<>(List.of(new UserProperty(ContinuityHeaders.ORIGIN, "publisher-1"),
                new UserProperty(ContinuityHeaders.INCARNATION, "1718000000000-0a1b2c3d"),
                new UserProperty(ContinuityHeaders.SEQUENCE, "42"),
                new UserProperty(ContinuityHeaders.SENT_AT, "1718000000500")));
    }

    private static List<UserProperty> with(String name, String value) {
        List<UserProperty> properties = valid();
        properties.replaceAll(p -> p.name().equals(name) ? new UserProperty(name, value) : p);
        return properties;
    }

    @Test
    void roundTripsMetadata() {
        ContinuityMetadata metadata = new ContinuityMetadata("publisher-1", RUN, 42, 1_718_000_000_500L, true);

        List<UserProperty> properties = ContinuityHeaders.toProperties(metadata);

        assertThat(properties).extracting(UserProperty::name).containsExactly(ContinuityHeaders.ORIGIN,
                ContinuityHeaders.INCARNATION, ContinuityHeaders.SEQUENCE, ContinuityHeaders.SENT_AT,
                ContinuityHeaders.VERSION);
        assertThat(ContinuityHeaders.parse(properties)).isEqualTo(new HeaderParseResult.Tracked(metadata));
    }

    @Test
    void theEncoderStampsWhatToPropertiesEncodesAfterTheApplicationsOwnProperties() {
        ContinuityHeaders.Encoder encoder = new ContinuityHeaders.Encoder("publisher-1", RUN);
        List<UserProperty> application = List.of(new UserProperty("app", "x"),
                new UserProperty(ContinuityHeaders.SEQUENCE, "forged"));

        List<UserProperty> stamped = encoder.stamp(application, 7, 1_718_000_000_500L, true);

        List<UserProperty> expected = new java.util.ArrayList<>(List.of(new UserProperty("app", "x")));
        expected.addAll(ContinuityHeaders.toProperties(new ContinuityMetadata("publisher-1", RUN, 7,
                1_718_000_000_500L, true)));
        assertThat(stamped).isEqualTo(expected);
        assertThat(encoder.stamp(List.of(), 8, 1L, false)).hasSize(4);
    }

    @Test
    void parsesTheWireFormWithOtherPropertiesAround() {
        List<UserProperty> properties = valid();
        properties.add(0, new UserProperty("app", "x"));
        properties.add(new UserProperty(ContinuityHeaders.SEQUENCE, "99"));

        assertThat(ContinuityHeaders.parse(properties)).isEqualTo(new HeaderParseResult.Tracked(
                new ContinuityMetadata("publisher-1", RUN, 42, 1_718_000_000_500L, false)));
    }

    @Test
    void messageWithoutContinuityPropertiesIsUntracked() {
        assertThat(ContinuityHeaders.parse(List.of())).isInstanceOf(HeaderParseResult.Untracked.class);
        assertThat(ContinuityHeaders.parse(List.of(new UserProperty("app", "x"))))
                .isInstanceOf(HeaderParseResult.Untracked.class);
    }

    @ParameterizedTest
    @CsvSource({
        "mqttha-seq, seven, SEQUENCE_NOT_A_NUMBER",
        "mqttha-seq, '', SEQUENCE_NOT_A_NUMBER",
        "mqttha-seq, 4.2, SEQUENCE_NOT_A_NUMBER",
        "mqttha-seq, +4, SEQUENCE_NOT_A_NUMBER",
        "mqttha-seq, -4, SEQUENCE_OUT_OF_RANGE",
        "mqttha-seq, 4294967296, SEQUENCE_OUT_OF_RANGE",
        "mqttha-seq, 99999999999999999999999, SEQUENCE_OUT_OF_RANGE",
        "mqttha-incarnation, 1718000000000, INCARNATION_MALFORMED",
        "mqttha-incarnation, 1718000000000-0a1b2c3, INCARNATION_MALFORMED",
        "mqttha-incarnation, x-0a1b2c3d, INCARNATION_MALFORMED",
        "mqttha-incarnation, 1718000000000-0a1b2c3z, INCARNATION_MALFORMED",
        "mqttha-sent-at, yesterday, SENT_AT_MALFORMED",
        "mqttha-sent-at, -1, SENT_AT_MALFORMED",
        "mqttha-origin, '', ORIGIN_MALFORMED"
    })
    void malformedValuesAreInvalidWithTheirReason(String name, String value, InvalidReason reason) {
        HeaderParseResult result = ContinuityHeaders.parse(with(name, value));

        assertThat(result).isInstanceOfSatisfying(HeaderParseResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(reason);
            assertThat(invalid.detail()).contains(name);
        });
    }

    @Test
    void partialMetadataIsInvalidAsMissingAField() {
        List<UserProperty> properties = valid();
        properties.remove(2);

        assertThat(ContinuityHeaders.parse(properties)).isEqualTo(new HeaderParseResult.Invalid(
                InvalidReason.MISSING_FIELD, "missing " + ContinuityHeaders.SEQUENCE));
        assertThat(ContinuityHeaders.parse(List.of(new UserProperty(ContinuityHeaders.VERSION, "x"))))
                .extracting(r -> ((HeaderParseResult.Invalid) r).reason()).isEqualTo(InvalidReason.MISSING_FIELD);
    }

    @Test
    void versionMustMatchIncarnationAndSequence() {
        List<UserProperty> mismatched = valid();
        mismatched.add(new UserProperty(ContinuityHeaders.VERSION, "1718000000000-0a1b2c3d:41"));
        List<UserProperty> unreadable = valid();
        unreadable.add(new UserProperty(ContinuityHeaders.VERSION, "latest"));

        assertThat(ContinuityHeaders.parse(mismatched)).extracting(r -> ((HeaderParseResult.Invalid) r).reason())
                .isEqualTo(InvalidReason.VERSION_MALFORMED);
        assertThat(ContinuityHeaders.parse(unreadable)).extracting(r -> ((HeaderParseResult.Invalid) r).reason())
                .isEqualTo(InvalidReason.VERSION_MALFORMED);
    }

    @Test
    void reservedPropertiesAreStrippedAndReplayTopicRead() {
        List<UserProperty> properties = valid();
        properties.add(new UserProperty("app", "x"));
        properties.add(new UserProperty(ContinuityHeaders.REPLAY_TOPIC, "a/b"));

        assertThat(ContinuityHeaders.withoutReserved(properties)).containsExactly(new UserProperty("app", "x"));
        assertThat(ContinuityHeaders.replayedTopic(properties)).contains("a/b");
        assertThat(ContinuityHeaders.replayedTopic(valid())).isEmpty();
    }
}
