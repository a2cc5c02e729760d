#!/usr/bin/env bash
# History evidence that cannot be mistaken, and a sender switch that survives ansible-playbook being killed.
# No `set -x`: it would print the sandbox credentials.
set -eu

# shellcheck source=../setup_sipgate_sandbox/sandbox.sh
source ../setup_sipgate_sandbox/sandbox.sh
sandbox_start

play_vars=(-e "sandbox_url=${SANDBOX_URL}" -e "sandbox_api_url=${SANDBOX_API_URL}" -e "sandbox_token_id=${SANDBOX_TOKEN_ID}"
           -e "sandbox_token=${SANDBOX_TOKEN}")

echo "== the same text twice, a scheduled SMS twice, proxies' answers, a late sender, two hosts at --forks 10"
ansible-playbook "${LOCAL_PLAY_ARGS[@]}" -i inventory.ini --forks 10 evidence.yml "${play_vars[@]}" "$@"

# await_sms_request: return once the sandbox has received the SMS request (it hangs there), or fail after 120 seconds.
await_sms_request() {
    local tries=0
    until sandbox_control GET /requests | grep -q '"path": "/v2/sessions/sms"'; do
        tries=$((tries + 1))
        [ "${tries}" -lt 1200 ] || { echo "the SMS request never reached the sandbox" >&2; return 1; }
        sleep 0.1
    done
}

# process_tree PID: PID and every process below it. ansible-playbook's workers start sessions of their own, so a signal
# to its process group does not reach them; a stopped container ends them all the same.
process_tree() {
    local child
    echo "$1"
    for child in $(ps -o pid= --ppid "$1"); do
        process_tree "${child}"
    done
}

# kill_mid_switch SIGNAL WHOM: run switch.yml in its own process group, wait until its SMS request hangs in the sandbox
# (the extension then sends as sipgate), send SIGNAL to the ansible-playbook process (WHOM=main, as ansible-runner
# cancels a job) or to every process of the run at once (WHOM=tree, as a stopped container), and check what the next
# plain send finds and does.
kill_mid_switch() {
    local signal="$1" whom="$2" pid tree
    echo "== SIG${signal} to the ${whom} of ansible-playbook while the sender is switched"
    sandbox_control POST /reset > /dev/null
    sandbox_control POST /faults '{"method": "POST", "path": "/sessions/sms", "delay_ms": 600000}' > /dev/null
    setsid ansible-playbook "${LOCAL_PLAY_ARGS[@]}" switch.yml "${play_vars[@]}" > "${output}" 2>&1 &
    pid=$!
    # shellcheck disable=SC2046  # one pid per word
    await_sms_request || { kill -KILL $(process_tree "${pid}") 2>/dev/null || true; cat "${output}"; return 1; }
    tree="$(process_tree "${pid}")"
    if [ "${whom}" = tree ]; then
        # shellcheck disable=SC2086  # one pid per word
        kill -s "${signal}" ${tree}
    else
        kill -s "${signal}" "${pid}"
    fi
    wait "${pid}" || true
    # A worker may outlive ansible-playbook while it sets the sender back: await the end of every process of the run.
    local tries=0 member
    for member in ${tree}; do
        while kill -0 "${member}" 2>/dev/null && [ "${tries}" -lt 1200 ]; do
            tries=$((tries + 1))
            sleep 0.1
        done
    done
    ansible-playbook "${LOCAL_PLAY_ARGS[@]}" after_kill.yml "${play_vars[@]}" -e "signal_sent=${signal}" || { cat "${output}"; return 1; }
}

output="$(mktemp)"
trap 'rm -f "${output}"; sandbox_stop' EXIT
kill_mid_switch TERM main
kill_mid_switch KILL tree
