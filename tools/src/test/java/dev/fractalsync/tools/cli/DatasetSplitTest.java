package dev.fractalsync.tools.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetSplitTest {
    @Test
    void aSongIsHeldOutInEveryArrangementOrInNone() {
        DatasetCommand command = new DatasetCommand();
        command.heldoutEvery = 5;
        for (int id = 1; id <= 300; id++) {
            String song = String.format("bb%04d", id);
            List<String> splits = List.of(song + "-band-timgm6mb", song + "-piano-musescoregeneralfull",
                            song + "-acoustic-timgm6mb", song + "-electronic-sfgmbank")
                    .stream().map(name -> command.heldoutSplit(name, 0)).distinct().toList();
            assertEquals(1, splits.size(), song + " split across arrangements: " + splits);
        }
        assertEquals("bb0074", DatasetCommand.songId("bb0074-piano-timgm6mb"));
        assertEquals("synth", DatasetCommand.songId("synth"));
    }

    @Test
    void aboutOneSongInEveryIsHeldOut() {
        long held = IntStream.rangeClosed(1, 1000).filter(i -> DatasetCommand.heldOutSong(String.format("bb%04d", i), 5)).count();
        assertTrue(held > 150 && held < 250, held + " of 1000 songs held out");
    }
}
