#!/usr/bin/env bash
# CI step after deploying: post the new items of the deployed site to Mastodon and
# Bluesky, then commit the syndication record (syndication.json) back to the branch, so
# that the next run knows what was posted and posts nothing twice.
#
#   bash scripts/ci/syndicate.sh [OUT]      OUT: the site that was deployed (default: output)
#
# Environment:
#   MASTODON_BASE_URL, MASTODON_TOKEN, BLUESKY_HANDLE, BLUESKY_APP_PASSWORD, BLUESKY_PDS
#                     as for scripts/syndicate.py; with none set, nothing is done.
#   SYNDICATE_SINCE   optional YYYY-MM-DD, passed as --since (never post older items).
#   SYNDICATE_BRANCH  the branch to commit to (default: GITHUB_REF_NAME, else the current one).
#   PYTHON            the Python with Open Beat installed (default: .venv/bin/python).
# Exit status: that of scripts/syndicate.py, once the record is pushed (the record is
# pushed even when the run stopped half-way: what was posted stays recorded).
set -euo pipefail

out="${1:-output}"
root="$(git rev-parse --show-toplevel)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"
branch="${SYNDICATE_BRANCH:-${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}}"
record="syndication.json"
message="Record posts to Mastodon and Bluesky [skip ci]"

if [ -z "${MASTODON_BASE_URL:-}${BLUESKY_HANDLE:-}" ]; then
  echo "syndicate: no platform is configured (MASTODON_BASE_URL, BLUESKY_HANDLE): nothing to post"
  exit 0
fi

bot() {
  git -c user.name="github-actions[bot]" \
      -c user.email="41898282+github-actions[bot]@users.noreply.github.com" "$@"
}

# The record as the last run left it: this checkout may predate the previous run's commit.
git pull --quiet --ff-only origin "$branch"

arguments=("$out/feeds/social.rss.xml" --record "$root/$record")
if [ -n "${SYNDICATE_SINCE:-}" ]; then
  arguments+=(--since "$SYNDICATE_SINCE")
fi
status=0
"$python" "$root/scripts/syndicate.py" "${arguments[@]}" || status=$?

if [ -f "$record" ] && [ -n "$(git status --porcelain -- "$record")" ]; then
  git add -- "$record"
  bot commit --quiet -m "$message" -- "$record"
  for attempt in 1 2 3; do
    if git push --quiet origin "HEAD:$branch"; then
      echo "syndicate: $record committed to $branch"
      break
    fi
    if [ "$attempt" = 3 ]; then
      echo "syndicate: could not push $record to $branch. Commit this as $record by hand before the next run, or the posts below are made again:" >&2
      cat "$record" >&2
      exit 1
    fi
    bot pull --quiet --rebase origin "$branch"
  done
fi
exit "$status"
