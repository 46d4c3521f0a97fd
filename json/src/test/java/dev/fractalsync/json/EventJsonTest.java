package dev.fractalsync.json;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {
    @Test
    void eventsRoundTripInTheDocumentedWireForm() {
        BeatEvent b = new BeatEvent(12.5, 25, 121.5, 0.9, true, 1);
        assertEquals("{\"t_sec\":12.5,\"beat_count\":25,\"bpm\":121.5,\"conf\":0.9,\"downbeat\":true,\"bar_position\":1}",
                EventJson.write(b));
        assertEquals(b, EventJson.readBeat(EventJson.write(b)));
        SectionChange c = new SectionChange(30.25, SectionLabel.PRE_CHORUS, SectionLabel.CHORUS, 0.8);
        assertEquals("{\"type\":\"change\",\"t_sec\":30.25,\"from\":\"pre-chorus\",\"to\":\"chorus\",\"confidence\":0.8}",
                EventJson.write(c));
        assertEquals(c, EventJson.readSection(EventJson.write(c)));
        SectionChange first = new SectionChange(0, null, SectionLabel.INTRO, 0.6);
        assertEquals(first, EventJson.readSection(EventJson.write(first)));
        BoundaryWarning w = new BoundaryWarning(28.0, 4, 0.7, 0.5, 2.0);
        assertEquals(w, EventJson.readSection(EventJson.write(w)));
    }

    @Test
    void malformedMessagesAreOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventJson.readSection("{\"type\":\"party\"}"));
        assertTrue(e.getMessage().startsWith("invalid section event JSON: type must be"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventJson.readBeat("{\"t_sec\":\"soon\"}"));
        assertThrows(IllegalArgumentException.class, () -> EventJson.readBeat("[1,2]"));
    }
}
