#!/usr/bin/env bash
# Builds a minimal Spark "distribution" from Maven Central to try cvpipe-spark with spark-submit on a
# machine without Spark: DIR/jars holds spark-sql's jars as that Spark version resolves them,
# DIR/bin/spark-submit does what Spark's own spark-class does (asks org.apache.spark.launcher.Main for
# the java command, with Spark's --add-opens list, and runs it). Not needed where Spark is installed.
# Usage: spark/make-spark-home.sh DIR [SPARK_VERSION (3.5.8)] [MAVEN_FLAGS...]     e.g. DIR 4.0.4 -o
set -euo pipefail
dir=$(mkdir -p "$1" && cd "$1" && pwd)
version=${2:-3.5.8}
shift $(( $# < 2 ? $# : 2 ))
mkdir -p "$dir/bin" "$dir/conf"
cat > "$dir/spark-deps.pom" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>spark-home</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>$version</version></dependency>
  </dependencies>
</project>
POM
mvn -B -q "$@" -f "$dir/spark-deps.pom" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DoutputDirectory="$dir/jars"
cat > "$dir/bin/spark-submit" <<'SCRIPT'
#!/usr/bin/env bash
# Spark's spark-class in short: the launcher prints its own messages, a NUL, then the JVM command
# (NUL-separated); its exit code is appended, and the command is run.
export SPARK_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export SPARK_SCALA_VERSION=2.13
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
build() {
  "$java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@"
  printf '%d\0' $?
}
cmd=() delim=$'\n' started=false
while IFS= read -d "$delim" -r arg; do
  if [ "$started" = true ]; then cmd+=("$arg")
  elif [ "$arg" = $'\0' ] || [ -z "$arg" ]; then delim='' started=true
  else echo "$arg"
  fi
done < <(build "$@")
last=$(( ${#cmd[@]} - 1 ))
[ "${cmd[$last]}" = 0 ] || exit "${cmd[$last]}"
exec "${cmd[@]:0:$last}"
SCRIPT
chmod +x "$dir/bin/spark-submit"
echo "$dir: Spark $version, $(ls "$dir/jars" | wc -l) jars"
