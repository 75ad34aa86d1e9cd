# Shared by ./demo and ./bench: finds Java 17+, builds the project with the Maven wrapper when the
# runnable jar is missing or older than a source, then runs the jar with the caller's arguments.
# Usage (sourced): launch_jar PROGRAM JAR [ARGUMENTS...]

launch_jar() {
  program=$1
  jar=$2
  shift 2

  if [ -n "${JAVA_HOME:-}" ]; then
    java_command="$JAVA_HOME/bin/java"
  else
    java_command=java
  fi
  if ! command -v "$java_command" >/dev/null 2>&1; then
    echo "$program: no Java found: install a JDK 17 or newer (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk; macOS: brew install openjdk@17) or set JAVA_HOME." >&2
    exit 1
  fi
  java_major=$("$java_command" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  if [ -z "$java_major" ] || [ "$java_major" -lt 17 ]; then
    echo "$program: Java ${java_major:-of unknown version} found at $java_command, but mqtt-ha needs 17 or newer: install a newer JDK or point JAVA_HOME at one." >&2
    exit 1
  fi

  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT" \( -name target -o -name .git -o -name .mqtt-ha \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -type f -newer "$jar" -print | head -n 1)" ]; then
    echo "$program: building mqtt-ha (first run, or sources changed; takes a minute) ..." >&2
    "$ROOT/mvnw" -q -B -f "$ROOT/pom.xml" -DskipTests package >&2
  fi

  MQTT_HA_HOME="${MQTT_HA_HOME:-$ROOT/.mqtt-ha}"
  export MQTT_HA_HOME
  exec "$java_command" -jar "$jar" "$@"
}
