#!/usr/bin/env bash
# Retention and month archives of the running aggregator (the local stack's by default).
#   deploy/archive.sh list                     settings, what is kept (horizons), the archives written
#   deploy/archive.sh run                      run the retention job now (archive + drop expired months, prune hour rows)
#   deploy/archive.sh restore <file> [days]    bring the month of an archive back (held <days>, default 7)
# Another aggregator: USAGE_AGGREGATOR_URL=https://... USAGE_ADMIN_TOKEN=<admin token> deploy/archive.sh ...
# restore: the file must be in the aggregator's archive directory; a file given from elsewhere is copied
# there first, with its .sha256 (only possible when the aggregator runs on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."
URL="${USAGE_AGGREGATOR_URL:-http://127.0.0.1:8081}/api/admin/retention"
TOKEN="${USAGE_ADMIN_TOKEN:-$(deploy/token.sh did:abt:archive-operator admin 1)}"

call() { # method path [curl args...]: prints the answer, fails on an error status with its problem+json
  local method=$1 path=$2; shift 2
  local out status
  out=$(mktemp); trap 'rm -f "$out"' RETURN
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $TOKEN" "$@" "$URL$path")
  cat "$out"; echo
  [[ "$status" == 2* ]] || { echo "archive: $method $path answered $status" >&2; return 1; }
}

case "${1:-}" in
  list) call GET "" ;;
  run) call POST /run ;;
  restore)
    file="${2:?usage: deploy/archive.sh restore <file> [holdDays]}"
    name=$(basename "$file")
    dir=$(call GET "" | sed -E 's/.*"archiveDir":"([^"]*)".*/\1/')
    if [[ -f "$file" && "$(cd "$(dirname "$file")" && pwd)" != "$dir" ]]; then
      [[ -f "$file.sha256" ]] || { echo "archive: $file.sha256 is missing: the file cannot be checked" >&2; exit 1; }
      mkdir -p "$dir" && cp "$file" "$file.sha256" "$dir/"
    fi
    call POST "/restore" --get --data-urlencode "file=$name" ${3:+--data-urlencode "holdDays=$3"} ;;
  *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
