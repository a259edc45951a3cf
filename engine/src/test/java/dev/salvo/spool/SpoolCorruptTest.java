package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolCorruptTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownFormatVersionRefusesToOpen() throws Exception {
        Spool.open(dir, Durability.SYNC).close();
        setFormat(99);
        assertThatThrownBy(() -> Spool.open(dir, Durability.SYNC))
                .isInstanceOf(SpoolCorruptException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("spool format 99")
                .hasMessageContaining("knows only format 1")
                .hasMessageContaining("repair")
                .hasMessageContaining("docs/spool.md");
    }

    @Test
    void aDamagedManifestRefusesToOpen() throws Exception {
        Spool.open(dir, Durability.SYNC).close();
        String current = Files.readString(dir.resolve("CURRENT")).trim();
        Files.write(dir.resolve(current), "not a manifest at all, just garbage bytes".repeat(10).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Spool.open(dir, Durability.SYNC))
                .isInstanceOf(SpoolCorruptException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("corruption")
                .hasMessageContaining("copy the whole directory");
    }

    private void setFormat(int version) throws Exception {
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        for (String name : List.of("default", RocksSpool.CONTENT, RocksSpool.RECIPIENTS, RocksSpool.META)) {
            families.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), families, handles)) {
            db.put(handles.get(3), RocksSpool.FORMAT_KEY, ByteBuffer.allocate(4).putInt(version).array());
            handles.forEach(ColumnFamilyHandle::close);
        }
    }
}
