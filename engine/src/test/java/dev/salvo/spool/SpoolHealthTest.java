package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolHealthTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskMakesTheSpoolUnhealthyUntilAWriteSucceeds() {
        try (RocksSpool spool = (RocksSpool) Spool.open(dir, Durability.SYNC)) {
            assertThat(spool.healthy()).isTrue();
            assertThat(spool.health()).isEqualTo("ok");
            RocksDBException full = new RocksDBException("While appending to file: 000004.log: No space left on device",
                    new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device"));

            SpoolUnavailableException e = spool.unavailable("write", full);

            assertThat(e).hasMessageContaining("is full").hasMessageContaining(dir.toString())
                    .hasMessageContaining("Free space").hasMessageContaining("Nothing of the failed write was acknowledged");
            assertThat(spool.healthy()).isFalse();
            assertThat(spool.health()).contains("is full").contains("Free space");

            ContentId id = ContentId.next();
            spool.putRecipients(id, List.of(Scanned.recipient(0))).join();
            assertThat(spool.healthy()).isTrue();
        }
    }

    @Test
    void aDamagedRecordIsReportedAsCorruption() {
        byte[] record = RecipientCodec.encode(Scanned.recipient(1));
        byte[] truncated = java.util.Arrays.copyOf(record, record.length - 3);
        assertThatThrownBy(() -> RecipientCodec.decode(truncated)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated or damaged");
    }
}
