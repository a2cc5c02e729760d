#!/usr/bin/env bash
# End to end with ansible-rulebook: the collection's rulebook sipgate.io.acknowledge_by_sms, as written, gets the SMS the
# sandbox account receives from the event source sipgate.io.sms_inbox, and its run_module answers each "ACK <code>" reply
# with sipgate.io.sipgate_sms to the sender. The test waits until the sandbox has the answers, then stops the rulebook.
# No `set -x`: it would print the sandbox credentials.
set -eu

# Every JVM here (java -version too) without performance data, which it would leave in /tmp/hsperfdata_<user>.
export JAVA_TOOL_OPTIONS="-XX:-UsePerfData${JAVA_TOOL_OPTIONS:+ ${JAVA_TOOL_OPTIONS}}"

# ansible-rulebook runs its rules in Java (drools) and needs Java 17 or later: the first of JAVA_HOME, the JAVA_HOME_*
# of CI images, java on PATH and /usr/lib/jvm that is one; on a machine without any, Debian's openjdk-17-jre-headless is
# installed (as root, or with sudo that needs no password).
java_17() {
    local java
    for java in "${JAVA_HOME:-}/bin/java" "${JAVA_HOME_17_X64:-}/bin/java" "${JAVA_HOME_21_X64:-}/bin/java" \
        "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
        if [ -x "${java}" ] && "${java}" -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
            readlink -f "${java}"
            return 0
        fi
    done
    return 1
}
if ! java_17 > /dev/null; then
    as_root=()
    [ "$(id -u)" = 0 ] || as_root=(sudo -n)
    if command -v apt-get > /dev/null && "${as_root[@]}" true 2> /dev/null; then
        echo "== installing a Java runtime for ansible-rulebook (openjdk-17-jre-headless)"
        "${as_root[@]}" apt-get update -qq > /dev/null
        DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq openjdk-17-jre-headless > /dev/null \
            || DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq default-jre-headless > /dev/null
    fi
    java_17 > /dev/null || { echo "ansible-rulebook needs Java 17 or later: install openjdk-17-jre-headless (Debian)" >&2; exit 1; }
fi
JAVA_HOME="$(dirname "$(dirname "$(java_17)")")"
export JAVA_HOME PATH="${JAVA_HOME}/bin:${PATH}"

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

work="$(mktemp -d)"
rulebook_pid=
stop_rulebook() {
    if [ -n "${rulebook_pid}" ]; then
        kill "${rulebook_pid}" 2>/dev/null || true
        wait "${rulebook_pid}" 2>/dev/null || true
        rulebook_pid=
    fi
}
trap 'stop_rulebook; rm -rf "${work}"; sandbox_stop' EXIT

export SIPGATE_API_URL="${SANDBOX_API_URL}" SIPGATE_TOKEN_ID="${SANDBOX_TOKEN_ID}" SIPGATE_TOKEN="${SANDBOX_TOKEN}" SIPGATE_SMS_ID=s0
export TMPDIR="${work}"
# The JVM of the rules engine keeps its temporary files here too.
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS} -Djava.io.tmpdir=${work}"
cat > "${work}/inventory.yml" <<INVENTORY
all:
  hosts:
    localhost:
      ansible_connection: local
      ansible_python_interpreter: ${ANSIBLE_TEST_PYTHON_INTERPRETER:-$(command -v python)}
INVENTORY

# Held back until the source has read the history (its start): two replies that acknowledge, one from a number that
# ansible-rulebook's native templating would turn into an integer, and one that does not.
sandbox_control POST /received-sms '[{"source": "+4915799940001", "text": "ACK 4711", "after_polls": 1},
                                     {"source": "+4915799940002", "text": "thanks, later", "after_polls": 1},
                                     {"source": "+4915799940003", "text": " ack 0815", "after_polls": 1}]' > /dev/null

echo "== ansible-rulebook --rulebook sipgate.io.acknowledge_by_sms"
(cd "${work}" && exec ansible-rulebook -i inventory.yml --rulebook sipgate.io.acknowledge_by_sms -v) > "${work}/rulebook.log" 2>&1 &
rulebook_pid=$!

# Await the two answers (the event source polls every 15 seconds; the rules engine starts in a few seconds).
deadline=$((SECONDS + 240))
until sandbox expect 'len(outbox) >= 2' 2> /dev/null; do
    if ! kill -0 "${rulebook_pid}" 2>/dev/null || [ "${SECONDS}" -ge "${deadline}" ]; then
        cat "${work}/rulebook.log"
        echo "ansible-rulebook did not answer the two acknowledgements" >&2
        exit 1
    fi
    sleep 1
done
stop_rulebook

sandbox check-outbox --count 2 --recipients +4915799940001,+4915799940003 --several-texts
sandbox expect 'sorted(sms["message"] for sms in outbox) == ["Noted: ACK 4711. You have the alert.", "Noted: ack 0815. You have the alert."]'
# Both acknowledgements marked read by the source, the other reply too (mark_read marks every SMS it puts on the queue).
sandbox expect 'sorted(request["path"] for request in requests if request["method"] == "PUT") == sorted(set(request["path"] for request in requests if request["method"] == "PUT")) and len([request for request in requests if request["method"] == "PUT"]) == 3'
if grep -F -e "${SANDBOX_TOKEN}" "${work}/rulebook.log"; then
    echo "the rulebook's log shows the token" >&2
    exit 1
fi
echo "ansible-rulebook answered each acknowledgement once, to the number it came from"
