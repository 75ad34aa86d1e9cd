package io.mqttha.client.internal.continuity;

import io.mqttha.client.continuity.Incarnation;
import io.mqttha.client.continuity.StreamKey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControlMessagesTest {

    private static final Incarnation RUN = new Incarnation(1_718_000_000_000L, 0x0a1b2c3d);
    private static final StreamKey STREAM = new StreamKey("pub/1 é", "sensors/temp =\n%");

    @Test
    void announcementRoundTripsWithAwkwardTopics() {
        Map<String, Long> streams = new LinkedHashMap<>();
        streams.put("sensors/temp =\n%", 42L);
        streams.put("a b", SequenceNumbers.MAX);
        Announcement announcement = new Announcement("pub/1 é", RUN, streams);

        Decoded<Announcement> decoded = ControlMessages.decodeAnnouncement(ControlMessages.encode(announcement));

        assertThat(decoded).isEqualTo(new Decoded.Valid<>(announcement));
    }

    @Test
    void announcementWireFormIsReadableText() {
        byte[] payload = ControlMessages.encode(new Announcement("publisher-1", RUN, Map.of("a/b", 7L)));

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("""
                mqttha-announce 1
                origin=publisher-1
                incarnation=1718000000000-0a1b2c3d
                stream=7 a%2Fb
                """);
    }

    @Test
    void repairRequestRoundTrips() {
        RepairRequest request = new RepairRequest("sub-1", STREAM, RUN, new SequenceRange(SequenceNumbers.MAX, 5));

        assertThat(ControlMessages.decodeRepairRequest(ControlMessages.encode(request)))
                .isEqualTo(new Decoded.Valid<>(request));
    }

    @Test
    void unavailabilityRoundTrips() {
        RepairUnavailable unavailable = new RepairUnavailable(STREAM, RUN, List.of(new SequenceRange(1, 2),
                new SequenceRange(9, 1)));

        assertThat(ControlMessages.decodeRepairUnavailable(ControlMessages.encode(unavailable)))
                .isEqualTo(new Decoded.Valid<>(unavailable));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "mqttha-repair 2\nrequester=a\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1\ncount=1",
        "mqttha-repair 1\nrequester=a\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1",
        "mqttha-repair 1\nrequester=a\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1\ncount=0",
        "mqttha-repair 1\nrequester=a\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=x\ncount=1",
        "mqttha-repair 1\nrequester=a\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=4294967296\ncount=1",
        "mqttha-repair 1\nrequester=a\norigin=b\nincarnation=yesterday\ntopic=t\nfirst=1\ncount=1",
        "mqttha-repair 1\nrequester=%zz\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1\ncount=1",
        "mqttha-repair 1\nrequester=\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1\ncount=1",
        "mqttha-repair 1\nrequester=a\nrequester=c\norigin=b\nincarnation=1-00000000\ntopic=t\nfirst=1\ncount=1",
        "mqttha-repair 1\nno equals sign"
    })
    void malformedRepairRequestsAreRejectedWithoutThrowing(String payload) {
        assertThat(ControlMessages.decodeRepairRequest(payload.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void malformedAnnouncementsAndNoticesAreRejectedWithoutThrowing() {
        String badStream = "mqttha-announce 1\norigin=a\nincarnation=1-00000000\nstream=seven t";
        String badRange = "mqttha-unavailable 1\norigin=a\nincarnation=1-00000000\ntopic=t\nmissing=1-2";
        String emptyRanges = "mqttha-unavailable 1\norigin=a\nincarnation=1-00000000\ntopic=t\nmissing=";

        assertThat(ControlMessages.decodeAnnouncement(badStream.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Malformed.class);
        assertThat(ControlMessages.decodeRepairUnavailable(badRange.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Malformed.class);
        assertThat(ControlMessages.decodeRepairUnavailable(emptyRanges.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Decoded.Malformed.class);
        assertThat(ControlMessages.decodeAnnouncement(new byte[ControlMessages.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(Decoded.Malformed.class);
    }

    @Test
    void unknownKeysAreIgnoredForForwardCompatibility() {
        String payload = "mqttha-announce 1\norigin=a\nincarnation=1-00000000\nregion=eu\nstream=3 t\n";

        assertThat(ControlMessages.decodeAnnouncement(payload.getBytes(StandardCharsets.UTF_8))).isEqualTo(
                new Decoded.Valid<>(new Announcement("a", new Incarnation(1, 0), Map.of("t", 3L))));
    }
}
