package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The four vendors' migrations describe one schema: same files, same tables, same columns in the
 * same order, same indexes. Only H2's run here; this keeps the others from drifting from it.
 */
class MigrationsTest {
  private static final List<String> VENDORS = List.of("h2", "postgresql", "mysql", "sqlserver");
  private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\)[^;]*;", Pattern.DOTALL);
  private static final Pattern CREATE_INDEX = Pattern.compile("CREATE (UNIQUE )?INDEX (\\w+) ON (\\w+) \\(([^)]*)\\)");
  private static final Set<String> NOT_COLUMNS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK");

  @Test
  void everyVendorHasTheSameMigrationFiles() throws Exception {
    Set<String> h2 = files("h2");
    assertThat(h2).isNotEmpty().allMatch(name -> name.matches("V\\d+__[a-z_]+\\.sql"));
    for (String vendor : VENDORS) {
      assertThat(files(vendor)).as(vendor).isEqualTo(h2);
    }
  }

  @Test
  void everyVendorCreatesTheSameTablesColumnsAndIndexes() throws Exception {
    Set<String> allTables = new TreeSet<>();
    for (String file : files("h2")) {
      Map<String, List<String>> tables = tables(read("h2", file));
      Set<String> indexes = indexes(read("h2", file));
      allTables.addAll(tables.keySet());
      for (String vendor : VENDORS) {
        assertThat(tables(read(vendor, file))).as("%s %s", vendor, file).isEqualTo(tables);
        assertThat(indexes(read(vendor, file))).as("%s %s", vendor, file).isEqualTo(indexes);
      }
    }
    assertThat(allTables).containsExactlyInAnyOrder("revisions", "actions", "inventory", "inventory_revision",
        "artifact_content", "revision_artifacts", "events", "event_tags", "ledger_counter",
        "artifact_sets", "artifact_set_entries", "revision_artifact_sets", "revision_changes", "action_deployments");
  }

  @Test
  void everyVendorSeedsTheSameCounterRows() throws Exception {
    Pattern seed = Pattern.compile("INSERT INTO ledger_counter \\(name, counter_value\\) VALUES \\('([a-z0-9-]+)', 0\\);");
    for (String file : files("h2")) {
      List<String> h2 = seeds(seed, read("h2", file));
      for (String vendor : VENDORS) {
        assertThat(seeds(seed, read(vendor, file))).as("%s %s", vendor, file).isEqualTo(h2);
      }
    }
  }

  private static List<String> seeds(Pattern seed, String sql) {
    List<String> names = new ArrayList<>();
    Matcher m = seed.matcher(sql);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void mysqlTablesAreInnoDbWithTheCaseSensitiveUtf8Collation() throws Exception {
    for (String file : files("mysql")) {
      Matcher table = CREATE_TABLE.matcher(read("mysql", file));
      while (table.find()) {
        assertThat(table.group()).as(table.group(1))
            .endsWith(") ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;");
      }
    }
  }

  @Test
  void sqlServerKeysCompareCaseSensitively() throws Exception {
    for (String file : files("sqlserver")) {
      for (String line : read("sqlserver", file).split("\n")) {
        if (line.matches("\\s+\\w+\\s+N?(VAR)?CHAR\\(\\d+\\).*")) {
          assertThat(line).as("a bounded text column").contains("COLLATE Latin1_General_100_BIN2");
        }
      }
    }
  }

  private static Map<String, List<String>> tables(String sql) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    Matcher table = CREATE_TABLE.matcher(sql);
    while (table.find()) {
      List<String> columns = new ArrayList<>();
      for (String line : table.group(2).split("\n")) {
        String first = line.trim().split("\\s+")[0];
        if (!first.isEmpty() && !NOT_COLUMNS.contains(first.toUpperCase(Locale.ROOT))) {
          columns.add(first);
        }
      }
      tables.put(table.group(1), columns);
    }
    return tables;
  }

  private static Set<String> indexes(String sql) {
    Set<String> indexes = new TreeSet<>();
    Matcher index = CREATE_INDEX.matcher(sql);
    while (index.find()) {
      indexes.add(index.group());
    }
    return indexes;
  }

  private static Set<String> files(String vendor) throws IOException, URISyntaxException {
    Path folder = Path.of(MigrationsTest.class.getResource("/db/migration/" + vendor).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static String read(String vendor, String file) throws IOException {
    try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/migration/" + vendor + "/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
