#!/usr/bin/env bash
# Starts the local stack exactly as the README says, lists demo calls with a printed token, runs the
# end-to-end tests of the pages in Chromium against it, checks a restart keeps the data intact, and
# stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."
trap 'deploy/local-stack.sh stop >/dev/null 2>&1 || true' EXIT

count_calls() {
  local token; token=$(deploy/token.sh did:abt:demo-alice)
  curl -sf -H "Authorization: Bearer $token" \
    "http://127.0.0.1:8082/api/usage/projects/did:app:alice-chatbot/calls?timeRange=366&pageSize=1" \
    | sed -E 's/.*"count":([0-9]+).*/\1/'
}

await_stable_count() {
  local last=-1 now
  for _ in $(seq 1 60); do
    now=$(count_calls || echo 0)
    if [[ "$now" == "$last" && "$now" -gt 0 ]]; then echo "$now"; return 0; fi
    last=$now; sleep 2
  done
  echo "demo calls never settled (last count: $last)" >&2; return 1
}

deploy/local-stack.sh start
first=$(await_stable_count)
echo "smoke: demo project lists $first calls"
# the built-in ledger debits the demo calls: credits used must move within a minute
for _ in $(seq 1 60); do
  quota=$(curl -sf -H "Authorization: Bearer $(deploy/token.sh did:abt:demo-alice)" http://127.0.0.1:8083/api/usage/quota || true)
  if echo "$quota" | grep -Eq '"used":[0-9]*\.?[0-9]*[1-9]'; then break; fi
  sleep 1
done
echo "smoke: quota $quota"
echo "$quota" | grep -Eq '"used":[0-9]*\.?[0-9]*[1-9]' || { echo "smoke: the ledger did not debit the demo calls" >&2; exit 1; }
# alerts: the demo rules fire for alice (the bell) and their webhook reaches the local receiver, signed
for _ in $(seq 1 90); do
  hooks=$(curl -sf http://127.0.0.1:8090/deliveries || true)
  if echo "$hooks" | grep -q '"signature" : "valid"'; then break; fi
  sleep 2
done
echo "$hooks" | grep -q '"signature" : "valid"' || { echo "smoke: no signed webhook reached the local receiver: $hooks" >&2; exit 1; }
alerts=$(curl -sf -H "Authorization: Bearer $(deploy/token.sh did:abt:demo-alice)" \
  "http://127.0.0.1:8084/api/usage/alerts/notifications?pageSize=1")
echo "smoke: alerts $alerts"
echo "$alerts" | grep -Eq '"unread":[1-9]' || { echo "smoke: alice has no unread alert" >&2; exit 1; }
# the pages in a real browser against this very stack (screenshots: usage-web/target/e2e-screenshots)
deploy/ensure-browser.sh
(cd usage-web/src/main/webui && npm run e2e)
# AIGNE Hub's reporter and history import against this very stack (fresh users of their own)
clients/test.sh stack
first=$(await_stable_count)   # the e2e tests ingest a call of their own
deploy/local-stack.sh stop
USAGE_SKIP_BUILD=1 deploy/local-stack.sh start   # the same jars: the restart is about the data
second=$(await_stable_count)
echo "smoke: after a restart it lists $second calls"
# a restart may only add the few current-hour demo calls, never duplicate history
if (( second < first || second > first + 6 )); then
  echo "smoke: restart changed the history ($first -> $second)" >&2; exit 1
fi
echo "1 passed, 0 failed: local stack smoke"
