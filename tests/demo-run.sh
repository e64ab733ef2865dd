#!/usr/bin/env bash
# `make run`: the operator screen on the demo data.  Prepares the synthetic
# affected list and its snapshot once (build/demo/), unless a snapshot is
# already configured, and starts the screen with a demo inquiry log.
set -eu
bin=${1:-./madoguchi}
demo=${DEMO_DIR:-build/demo}
args=(--faq faq --data data)
if [ -z "${MADOGUCHI_SNAPSHOT:-}" ] && "$bin" --help 2>/dev/null | grep -q ' demo'; then
	# Once; again when the snapshot there no longer opens (made by an
	# older madoguchi whose snapshot format this one refuses).
	if [ ! -f "$demo/snapshot.db" ] || ! "$bin" --snapshot "$demo/snapshot.db" \
		--key "$demo/snapshot.key" snapshot info >/dev/null 2>&1; then
		echo "make run: preparing the demo data in $demo/" >&2
		"$bin" demo --dir "$demo" >&2
	fi
	args+=(--snapshot "$demo/snapshot.db" --key "$demo/snapshot.key")
fi
if [ -z "${MADOGUCHI_LOG:-}" ] && "$bin" --help 2>/dev/null | grep -q ' log '; then
	args+=(--log "$demo/inquiry.db")
	mkdir -p "$demo"
fi
exec "$bin" "${args[@]}"
