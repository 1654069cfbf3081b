#!/usr/bin/env bash
# npm run deploy -- --stack <dev|prod> [--preview] [--dry-run] [-- <extra pulumi args>]
#
# The real deploy path: `pulumi up` with a local file state backend (./.pulumi-state) and a
# passphrase secrets provider, so no Pulumi Cloud account is needed. The Pulumi CLI comes from the
# `pulumi` npm package (it fetches the CLI binary on first use, so that needs internet), and AWS
# credentials come from the usual AWS environment (AWS_PROFILE, AWS_ACCESS_KEY_ID, SSO, …).
# Before anything touches AWS, the offline plan validates config, patterns and policies.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: npm run deploy -- --stack <dev|prod> [--preview] [--dry-run] [-- <pulumi args>]"
usage_error() {
  printf 'deploy: %s\n%s\n' "$1" "$usage" >&2
  exit 2
}

stack="" mode="up" dry_run=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) echo "$usage"; exit 0 ;;
    --stack)
      # a missing value must be a usage error, not `shift 2` failing silently under set -e
      if [ $# -lt 2 ] || [ -z "$2" ] || [ "${2#-}" != "$2" ]; then usage_error "--stack needs a value (dev or prod)"; fi
      stack="$2"; shift 2 ;;
    --stack=*)
      stack="${1#*=}"
      [ -n "$stack" ] || usage_error "--stack needs a value (dev or prod)"
      shift ;;
    --preview) mode="preview"; shift ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) extra+=("$1"); shift ;;
  esac
done
[ -n "$stack" ] || usage_error "--stack is required"
if [ ! -f "Pulumi.${stack}.yaml" ]; then
  echo "deploy: no Pulumi.${stack}.yaml; stacks: $(ls Pulumi.*.yaml | sed -E 's/Pulumi\.(.*)\.yaml/\1/' | grep -v '^Pulumi' | tr '\n' ' ')" >&2
  exit 2
fi

state_dir="$(pwd)/.pulumi-state"
pulumi_bin="node_modules/.bin/pulumi"
run() {
  printf '+ %s\n' "$*" >&2
  if [ "$dry_run" -eq 0 ]; then "$@"; fi
}

# Preconditions of a real run, checked before anything else takes time (a dry run needs none).
if [ "$dry_run" -eq 0 ]; then
  if [ -z "${PULUMI_CONFIG_PASSPHRASE:-}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
    echo "deploy: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) for the passphrase secrets provider" >&2
    exit 2
  fi
  if [ -n "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ] && [ ! -r "$PULUMI_CONFIG_PASSPHRASE_FILE" ]; then
    echo "deploy: PULUMI_CONFIG_PASSPHRASE_FILE=$PULUMI_CONFIG_PASSPHRASE_FILE is not a readable file" >&2
    exit 2
  fi
  if [ ! -x "$pulumi_bin" ]; then
    echo "deploy: the Pulumi CLI ($pulumi_bin, from the pulumi dev dependency) is missing: run npm ci" >&2
    exit 2
  fi
  if [ -z "${AWS_PROFILE:-}${AWS_ACCESS_KEY_ID:-}${AWS_WEB_IDENTITY_TOKEN_FILE:-}${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}" ] &&
    [ ! -f "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" ] && [ ! -f "${AWS_CONFIG_FILE:-$HOME/.aws/config}" ]; then
    # not fatal: an instance or task role may still provide credentials
    echo "deploy: note: no AWS credentials in the environment or ~/.aws; relying on an instance or task role" >&2
  fi
fi

# Offline checks first, even in a dry run: config, filter patterns and their samples, policy pack.
# The plan also writes the policy pack's config for this stack (each rule's level from
# obskit:policy.enforcement, the settings the stack rules read), handed to pulumi below.
policy_config="$(mktemp --suffix=.policy-pack-config.json)"
trap 'rm -f "$policy_config"' EXIT
printf '+ obskit plan --stack %s --policy-pack-config <tmp>\n' "$stack" >&2
plan_status=0
node cli/launch.js plan --stack "$stack" --json --policy-pack-config "$policy_config" >/dev/null || plan_status=$?
if [ "$plan_status" -ne 0 ]; then
  # the plan's own exit code: 1 a mandatory policy is violated, 2 bad config
  echo "deploy: the offline plan failed (see above); nothing was deployed" >&2
  exit "$plan_status"
fi

export PULUMI_BACKEND_URL="file://${state_dir}"
export PULUMI_SKIP_UPDATE_CHECK=true
run mkdir -p "$state_dir"
run "$pulumi_bin" login "$PULUMI_BACKEND_URL"
run "$pulumi_bin" stack select "$stack" --create --secrets-provider passphrase
run "$pulumi_bin" "$mode" --stack "$stack" --policy-pack policy --policy-pack-config "$policy_config" "${extra[@]}"
