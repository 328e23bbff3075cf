#!/usr/bin/env bash
# Builds the embedded Neo4j test server (test/neo4j/launcher) with Maven.
# Idempotent: does nothing when the built artefact is newer than the pom and the Java sources.
# Works from nothing: Maven downloads Neo4j and its dependencies from Maven Central into ~/.m2
# (about 190 MiB the first time, plugins included).
#
# Output: test/neo4j/launcher/target/neo4j-test-server.jar + target/lib/*.jar
# Usage:  bash test/neo4j/build.sh [--force]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
launcher="$here/launcher"
target="$launcher/target"
jar="$target/neo4j-test-server.jar"
stamp="$target/.build-complete"

force=0
if [[ "${1:-}" == "--force" ]]; then
  force=1
fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "test/neo4j/build.sh: '$tool' not found (Neo4j 5.26 needs Java 17 or 21, and Maven)" >&2
    exit 1
  fi
done

up_to_date() {
  [[ -f "$stamp" && -f "$jar" && -d "$target/lib" ]] || return 1
  # Anything in the pom or the sources newer than the stamp means a rebuild.
  [[ -z "$(find "$launcher/pom.xml" "$launcher/src" -newer "$stamp" -print -quit)" ]]
}

if [[ $force -eq 0 ]] && up_to_date; then
  exit 0
fi

# Test files running in parallel may all ask for a build: let one build, the others wait and re-check.
lock="${TMPDIR:-/tmp}/regkg-build-neo4j-$(printf '%s' "$launcher" | cksum | cut -d' ' -f1).lock"
exec 9>"$lock"
flock 9
if [[ $force -eq 0 ]] && up_to_date; then
  exit 0
fi

echo "test/neo4j/build.sh: building the Neo4j test server (Maven)..." >&2
start=$(date +%s)
rm -f "$stamp"
# clean: a changed Neo4j version must not leave old jars in target/lib.
# (Maven 3.8 prints stray colour codes even in batch mode: strip them; pipefail keeps mvn's exit status.)
mvn -q -B --no-transfer-progress -f "$launcher/pom.xml" clean package -DskipTests 2>&1 \
  | sed -u 's/\x1b\[[0-9;]*m//g' >&2
touch "$stamp"
echo "test/neo4j/build.sh: built in $(( $(date +%s) - start )) s: $jar" >&2
