# Read by bash through BASH_ENV before a script of samples/ runs (see tests/support/gcloud.py).
# gcloud is not executed: each call is recorded, with the script line it comes from,
# and answers a plausible placeholder. Any other unknown command does nothing.

# shellcheck shell=bash

gcloud() {
    GCLOUD_STUB_LINE="${BASH_LINENO[0]}" "$GCLOUD_STUB_BIN/gcloud" "$@"
}

# xargs runs gcloud itself (through the stub on PATH): pass it the calling line.
xargs() {
    GCLOUD_STUB_LINE="${BASH_LINENO[0]}" command xargs "$@"
}

command_not_found_handle() {
    printf '%s\n' "$1" >>"$GCLOUD_STUB_OTHERS"
    return 0
}
