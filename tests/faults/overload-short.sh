#!/bin/sh
# the short variant of ./dev overload for make check (TAP): levels 1x and 5x
# of the pool's capacity, 2 s each, on a private stack
exec "$(dirname "$0")/overload.sh" --tap --workers 2
