#!/bin/sh
# the short variant of ./dev diskfull for make check (TAP): MariaDB's datadir
# on a full tmpfs, 2 s per kind of write; SKIP where a tmpfs cannot be mounted
exec "$(dirname "$0")/diskfull.sh" --tap
